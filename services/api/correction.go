package api

import (
	"context"
	"encoding/hex"
	"strings"

	"google.golang.org/grpc"

	foiv1 "foi/gen/foi/v1"
	"foi/services/actor"
	"foi/services/auth"
	"foi/services/correction"
	"foi/services/errs"
)

// Corrections serves foi.v1.CorrectionService: correction requests under
// Art. 41.
type Corrections struct {
	foiv1.UnimplementedCorrectionServiceServer
	svc      *correction.Service
	accounts *auth.Service
}

// NewCorrections returns the CorrectionService handlers.
func NewCorrections(svc *correction.Service, accounts *auth.Service) *Corrections {
	return &Corrections{svc: svc, accounts: accounts}
}

// Register adds the service to s.
func (h *Corrections) Register(s grpc.ServiceRegistrar) { foiv1.RegisterCorrectionServiceServer(s, h) }

// SubmitCorrection implements foi.v1.CorrectionService.
func (h *Corrections) SubmitCorrection(ctx context.Context, req *foiv1.SubmitCorrectionRequest) (*foiv1.SubmitCorrectionResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	d := correctionDetailsFromProto(&c, req.GetDetails())
	if err := c.Err(); err != nil {
		return nil, err
	}
	own, err := ownIdentity(ctx, h.accounts, who, &d.Applicant)
	if err != nil {
		return nil, err
	}
	r, err := h.svc.Submit(ctx, who, req.GetRequestId(), d, own)
	if err != nil {
		return nil, err
	}
	return &foiv1.SubmitCorrectionResponse{Correction: correctionProto(r, who)}, nil
}

// RegisterCorrection implements foi.v1.CorrectionService.
func (h *Corrections) RegisterCorrection(ctx context.Context, req *foiv1.RegisterCorrectionRequest) (*foiv1.RegisterCorrectionResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	d := correctionDetailsFromProto(&c, req.GetDetails())
	on := parseDate(&c, "receivedOn", req.GetReceivedOn())
	ch := correction.Channel(enumName(req.GetChannel(), "CORRECTION_CHANNEL_"))
	if err := c.Err(); err != nil {
		return nil, err
	}
	r, err := h.svc.Register(ctx, who, req.GetRequestId(), d, ch, on)
	if err != nil {
		return nil, err
	}
	return &foiv1.RegisterCorrectionResponse{Correction: correctionProto(r, who)}, nil
}

// GetCorrection implements foi.v1.CorrectionService.
func (h *Corrections) GetCorrection(ctx context.Context, req *foiv1.GetCorrectionRequest) (*foiv1.GetCorrectionResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	v, err := h.svc.Get(ctx, who, id)
	if err != nil {
		return nil, err
	}
	out := &foiv1.GetCorrectionResponse{Correction: correctionProto(v.Request, who), HistoryIntact: v.Intact}
	for _, e := range v.History {
		out.History = append(out.History, &foiv1.CorrectionHistoryEvent{
			Seq: int32(e.Seq), Version: e.Version, Event: e.Event, EventLabel: correction.Event(e.Event).Label(),
			FromState: correctionStateProto(e.From), ToState: correctionStateProto(e.To),
			ActorRole: string(e.ActorRole), ActorName: e.ActorName, Time: timestamp(e.OccurredAt),
			Reason: e.Reason, Payload: e.Payload, Hash: hex.EncodeToString(e.Hash),
		})
	}
	for _, l := range v.Letters {
		out.Letters = append(out.Letters, letterProto(l))
	}
	return out, nil
}

// ListCorrections implements foi.v1.CorrectionService.
func (h *Corrections) ListCorrections(ctx context.Context, req *foiv1.ListCorrectionsRequest) (*foiv1.ListCorrectionsResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	f := correction.Filter{
		AgencyID:  parseID(&c, "agencyId", req.GetAgencyId(), false),
		State:     correction.State(enumName(req.GetState(), "CORRECTION_STATE_")),
		Open:      req.GetOpen(),
		PageSize:  req.GetPageSize(),
		PageToken: req.GetPageToken(),
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	list, next, err := h.svc.List(ctx, who, f)
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListCorrectionsResponse{NextPageToken: next}
	for _, r := range list {
		p := correctionProto(r, who)
		if who.Role.Staff() { // list views mask the document number and contacts
			p.Details.Applicant = applicantProto(r.Details.Applicant, true)
		}
		out.Corrections = append(out.Corrections, p)
	}
	return out, nil
}

// TransitionCorrection implements foi.v1.CorrectionService.
func (h *Corrections) TransitionCorrection(ctx context.Context, req *foiv1.TransitionCorrectionRequest) (*foiv1.TransitionCorrectionResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	id := parseID(&c, "id", req.GetId(), true)
	mustVersion(&c, req.GetVersion())
	requireEnum(&c, "event", req.GetEvent())
	in := correction.Input{
		Event:      correction.Event(strings.ToLower(enumName(req.GetEvent(), "CORRECTION_EVENT_"))),
		AssigneeID: parseID(&c, "assigneeId", req.GetAssigneeId(), false),
		Reason:     req.GetReason(),
	}
	if d := req.GetDecision(); d != nil {
		in.Decision = correction.Decision{
			Outcome:        correction.Outcome(enumName(d.GetOutcome(), "CORRECTION_OUTCOME_")),
			Corrected:      d.GetCorrected(),
			TransferMode:   correction.TransferMode(enumName(d.GetTransferMode(), "TRANSFER_MODE_")),
			TransferAgency: d.GetTransferAgency(),
			Reason:         d.GetReason(),
		}
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	r, err := h.svc.Transition(ctx, who, id, req.GetVersion(), in)
	if err != nil {
		return nil, err
	}
	return &foiv1.TransitionCorrectionResponse{Correction: correctionProto(r, who)}, nil
}

// GetCorrectionLetter implements foi.v1.CorrectionService.
func (h *Corrections) GetCorrectionLetter(ctx context.Context, req *foiv1.GetCorrectionLetterRequest) (*foiv1.GetCorrectionLetterResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	id := parseID(&c, "id", req.GetId(), true)
	letter := parseID(&c, "letter", req.GetLetter(), true)
	if err := c.Err(); err != nil {
		return nil, err
	}
	l, err := h.svc.Letter(ctx, who, id, letter)
	if err != nil {
		return nil, err
	}
	p := letterProto(l)
	p.Html = l.HTML
	return &foiv1.GetCorrectionLetterResponse{Letter: p}, nil
}

func correctionDetailsFromProto(c *errs.Collector, p *foiv1.CorrectionDetails) correction.Details {
	return correction.Details{
		AgencyID:   parseID(c, "details.agencyId", p.GetAgencyId(), false),
		Applicant:  applicantFromProto(p.GetApplicant()),
		Record:     p.GetRecord(),
		Inaccuracy: p.GetInaccuracy(),
		Requested:  p.GetRequested(),
		Evidence:   p.GetEvidence(),
	}
}

func correctionStateProto(s correction.State) foiv1.CorrectionState {
	return foiv1.CorrectionState(enumValue(foiv1.CorrectionState_value, "CORRECTION_STATE_", string(s)))
}

func correctionProto(r correction.Request, who actor.Actor) *foiv1.Correction {
	d := r.Details
	p := &foiv1.Correction{
		Id: r.ID, TrackingNumber: r.TrackingNumber, State: correctionStateProto(r.State), Version: r.Version,
		Channel: foiv1.CorrectionChannel(enumValue(foiv1.CorrectionChannel_value, "CORRECTION_CHANNEL_", string(r.Channel))),
		Details: &foiv1.CorrectionDetails{
			AgencyId: r.AgencyID, Applicant: applicantProto(d.Applicant, false),
			Record: d.Record, Inaccuracy: d.Inaccuracy, Requested: d.Requested, Evidence: d.Evidence,
		},
		ReceivedOn: r.ReceivedOn.String(), DueOn: r.DueOn.String(),
		AssigneeId: r.AssigneeID, AssigneeName: r.AssigneeName,
		DecidedBy: r.DecidedBy, DecideTime: timestamp(r.DecidedAt),
		SignedBy: r.SignedBy, SignTime: timestamp(r.SignedAt),
		ClosedOn: r.ClosedOn.String(), CreateTime: timestamp(r.CreatedAt), UpdateTime: timestamp(r.UpdatedAt),
	}
	if dec := r.Decision; dec.Outcome != "" {
		p.Decision = &foiv1.CorrectionDecision{
			Outcome:        foiv1.CorrectionOutcome(enumValue(foiv1.CorrectionOutcome_value, "CORRECTION_OUTCOME_", string(dec.Outcome))),
			Corrected:      dec.Corrected,
			TransferMode:   foiv1.TransferMode(enumValue(foiv1.TransferMode_value, "TRANSFER_MODE_", string(dec.TransferMode))),
			TransferAgency: dec.TransferAgency,
			Reason:         dec.Reason,
		}
	}
	for _, e := range r.AllowedFor(who) {
		p.AllowedEvents = append(p.AllowedEvents, foiv1.CorrectionEvent(enumValue(foiv1.CorrectionEvent_value, "CORRECTION_EVENT_", strings.ToUpper(string(e)))))
	}
	return p
}

func letterProto(l correction.Letter) *foiv1.CorrectionLetter {
	return &foiv1.CorrectionLetter{Id: l.ID, Kind: string(l.Kind), Number: l.Number, Title: l.Title,
		IssueTime: timestamp(l.IssuedAt), Sha256: hex.EncodeToString(l.SHA256)}
}
