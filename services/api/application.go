package api

import (
	"context"
	"strings"

	"google.golang.org/grpc"

	foiv1 "foi/gen/foi/v1"
	"foi/services/actor"
	"foi/services/applicant"
	"foi/services/auth"
	"foi/services/cases"
	"foi/services/errs"
	"foi/services/idnumber"
	"foi/services/outcome"
)

// Applications serves foi.v1.ApplicationService.
type Applications struct {
	foiv1.UnimplementedApplicationServiceServer
	cases    *cases.Service
	accounts *auth.Service
}

// NewApplications returns the ApplicationService handlers.
func NewApplications(svc *cases.Service, accounts *auth.Service) *Applications {
	return &Applications{cases: svc, accounts: accounts}
}

// Register adds the service to s.
func (h *Applications) Register(s grpc.ServiceRegistrar) {
	foiv1.RegisterApplicationServiceServer(s, h)
}

// SubmitApplication implements foi.v1.ApplicationService.
func (h *Applications) SubmitApplication(ctx context.Context, req *foiv1.SubmitApplicationRequest) (*foiv1.SubmitApplicationResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	d := detailsFromProto(&c, req.GetDetails())
	if err := c.Err(); err != nil {
		return nil, err
	}
	own, err := ownIdentity(ctx, h.accounts, who, &d.Applicant)
	if err != nil {
		return nil, err
	}
	app, err := h.cases.Submit(ctx, who, req.GetRequestId(), d, own)
	if err != nil {
		return nil, err
	}
	return &foiv1.SubmitApplicationResponse{Application: applicationProto(app, false)}, nil
}

// RegisterApplication implements foi.v1.ApplicationService.
func (h *Applications) RegisterApplication(ctx context.Context, req *foiv1.RegisterApplicationRequest) (*foiv1.RegisterApplicationResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	d := detailsFromProto(&c, req.GetDetails())
	in := intakeFromProto(&c, req.GetIntake())
	if err := c.Err(); err != nil {
		return nil, err
	}
	app, err := h.cases.Register(ctx, who, req.GetRequestId(), d, in)
	if err != nil {
		return nil, err
	}
	return &foiv1.RegisterApplicationResponse{Application: applicationProto(app, false)}, nil
}

// ConfirmApplication implements foi.v1.ApplicationService.
func (h *Applications) ConfirmApplication(ctx context.Context, req *foiv1.ConfirmApplicationRequest) (*foiv1.ConfirmApplicationResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	id := parseID(&c, "id", req.GetId(), true)
	mustVersion(&c, req.GetVersion())
	on := parseDate(&c, "confirmedOn", req.GetConfirmedOn())
	if err := c.Err(); err != nil {
		return nil, err
	}
	app, err := h.cases.Confirm(ctx, who, id, req.GetVersion(), on)
	if err != nil {
		return nil, err
	}
	return &foiv1.ConfirmApplicationResponse{Application: applicationProto(app, false)}, nil
}

// GetApplication implements foi.v1.ApplicationService.
func (h *Applications) GetApplication(ctx context.Context, req *foiv1.GetApplicationRequest) (*foiv1.GetApplicationResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	app, err := h.cases.Get(ctx, who, id)
	if err != nil {
		return nil, err
	}
	return &foiv1.GetApplicationResponse{Application: applicationProto(app, masksPersonalData(who.Role))}, nil
}

// ListApplications implements foi.v1.ApplicationService.
func (h *Applications) ListApplications(ctx context.Context, req *foiv1.ListApplicationsRequest) (*foiv1.ListApplicationsResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	f := cases.Filter{
		AgencyID:          parseID(&c, "agencyId", req.GetAgencyId(), false),
		State:             cases.State(enumName(req.GetState(), "APPLICATION_STATE_")),
		TrackingNumber:    req.GetTrackingNumber(),
		Text:              req.GetText(),
		ApplicantIDNumber: req.GetApplicantIdNumber(),
		ApplicantName:     req.GetApplicantName(),
		ApplicantPhone:    req.GetApplicantPhone(),
		Assignee:          strings.TrimSpace(req.GetAssignee()),
		Channel:           cases.Channel(enumName(req.GetChannel(), "INTAKE_CHANNEL_")),
		Outcome:           outcome.Outcome(enumName(req.GetOutcome(), "OUTCOME_")),
		ReceivedFrom:      parseDate(&c, "receivedFrom", req.GetReceivedFrom()),
		ReceivedTo:        parseDate(&c, "receivedTo", req.GetReceivedTo()),
		DueFrom:           parseDate(&c, "dueFrom", req.GetDueFrom()),
		DueTo:             parseDate(&c, "dueTo", req.GetDueTo()),
		Order:             listOrders[req.GetOrderBy()],
		Overdue:           req.GetOverdue(),
		DueWithinDays:     int(req.GetDueWithinDays()),
		PageSize:          req.GetPageSize(),
		PageToken:         req.GetPageToken(),
	}
	for _, st := range req.GetStates() {
		f.States = append(f.States, cases.State(enumName(st, "APPLICATION_STATE_")))
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	list, next, err := h.cases.List(ctx, who, f)
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListApplicationsResponse{NextPageToken: next}
	for _, a := range list {
		out.Applications = append(out.Applications, applicationProto(a, true))
	}
	return out, nil
}

var listOrders = map[foiv1.ListOrder]cases.Order{
	foiv1.ListOrder_LIST_ORDER_UNSPECIFIED:      cases.ByDueDate,
	foiv1.ListOrder_LIST_ORDER_RECEIVED_NEWEST:  cases.ByReceivedNewest,
	foiv1.ListOrder_LIST_ORDER_RECEIVED_OLDEST:  cases.ByReceivedOldest,
	foiv1.ListOrder_LIST_ORDER_SUBMITTED_OLDEST: cases.BySubmittedOldest,
}

// GetApplicationDeadline implements foi.v1.ApplicationService.
func (h *Applications) GetApplicationDeadline(ctx context.Context, req *foiv1.GetApplicationDeadlineRequest) (*foiv1.GetApplicationDeadlineResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	app, res, asOf, err := h.cases.Deadline(ctx, who, id)
	if err != nil {
		return nil, err
	}
	out := &foiv1.GetApplicationDeadlineResponse{State: stateProto(app.State)}
	if !app.ReceivedOn.IsZero() {
		out.Deadline = deadlineProto(res, asOf)
	}
	return out, nil
}

func stateProto(s cases.State) foiv1.ApplicationState {
	return foiv1.ApplicationState(enumValue(foiv1.ApplicationState_value, "APPLICATION_STATE_", string(s)))
}

func detailsFromProto(c *errs.Collector, p *foiv1.ApplicationDetails) cases.Details {
	info := p.GetInformation()
	return cases.Details{
		AgencyID:  parseID(c, "details.agencyId", p.GetAgencyId(), false),
		Applicant: applicantFromProto(p.GetApplicant()),
		Information: cases.Information{
			Title:          info.GetTitle(),
			DocumentNumber: info.GetDocumentNumber(),
			Description:    info.GetDescription(),
		},
		Medium:          cases.Medium(enumName(p.GetMedium(), "INFORMATION_MEDIUM_")),
		MediumOther:     p.GetMediumOther(),
		Delivery:        cases.Delivery(enumName(p.GetDelivery(), "DELIVERY_METHOD_")),
		NeedsAssistance: p.GetNeedsAssistance(),
		Note:            p.GetNote(),
	}
}

func intakeFromProto(c *errs.Collector, p *foiv1.Intake) cases.Intake {
	return cases.Intake{
		Channel:     cases.Channel(enumName(p.GetChannel(), "INTAKE_CHANNEL_")),
		HandedInOn:  parseDate(c, "intake.handedInOn", p.GetHandedInOn()),
		SignedOn:    parseDate(c, "intake.signedOn", p.GetSignedOn()),
		ArrivedOn:   parseDate(c, "intake.arrivedOn", p.GetArrivedOn()),
		ConfirmedOn: parseDate(c, "intake.confirmedOn", p.GetConfirmedOn()),
		// Only registration reads it.
		BackdateReason: p.GetBackdateReason(),
	}
}

func applicantFromProto(ap *foiv1.Applicant) applicant.Identity {
	return applicant.Identity{
		Type:          applicant.Type(enumName(ap.GetType(), "APPLICANT_TYPE_")),
		Name:          ap.GetName(),
		IDType:        applicant.IDType(enumName(ap.GetIdType(), "ID_DOCUMENT_TYPE_")),
		IDNumber:      ap.GetIdNumber(),
		ContactPerson: ap.GetContactPerson(),
		Phone:         ap.GetPhone(),
		Email:         ap.GetEmail(),
		Address:       ap.GetAddress(),
	}
}

// applicantProto converts an identity; masked hides the document number,
// phone and e-mail for views that do not need them.
func applicantProto(ap applicant.Identity, masked bool) *foiv1.Applicant {
	if masked {
		ap.IDNumber = idnumber.MaskNumber(ap.IDNumber)
		ap.Phone = idnumber.MaskNumber(ap.Phone)
		ap.Email = idnumber.MaskEmail(ap.Email)
	}
	return &foiv1.Applicant{
		Type:          foiv1.ApplicantType(enumValue(foiv1.ApplicantType_value, "APPLICANT_TYPE_", string(ap.Type))),
		Name:          ap.Name,
		IdType:        foiv1.IdDocumentType(enumValue(foiv1.IdDocumentType_value, "ID_DOCUMENT_TYPE_", string(ap.IDType))),
		IdNumber:      ap.IDNumber,
		ContactPerson: ap.ContactPerson,
		Phone:         ap.Phone,
		Email:         ap.Email,
		Address:       ap.Address,
	}
}

// masksPersonalData reports whether a role reading a single application
// sees the applicant's document number and contacts masked: legal advisers
// review the reply, not the person. List views are always masked.
func masksPersonalData(r actor.Role) bool { return r == actor.LegalAdviser }

func applicationProto(a cases.Application, masked bool) *foiv1.Application {
	d, in := a.Details, a.Intake
	return &foiv1.Application{
		Id:             a.ID,
		TrackingNumber: a.TrackingNumber,
		State:          stateProto(a.State),
		Version:        a.Version,
		Details: &foiv1.ApplicationDetails{
			AgencyId:  a.AgencyID,
			Applicant: applicantProto(d.Applicant, masked),
			Information: &foiv1.RequestedInformation{
				Title:          d.Information.Title,
				DocumentNumber: d.Information.DocumentNumber,
				Description:    d.Information.Description,
			},
			Medium:          foiv1.InformationMedium(enumValue(foiv1.InformationMedium_value, "INFORMATION_MEDIUM_", string(d.Medium))),
			MediumOther:     d.MediumOther,
			Delivery:        foiv1.DeliveryMethod(enumValue(foiv1.DeliveryMethod_value, "DELIVERY_METHOD_", string(d.Delivery))),
			NeedsAssistance: d.NeedsAssistance,
			Note:            d.Note,
		},
		Intake: &foiv1.Intake{
			Channel:     foiv1.IntakeChannel(enumValue(foiv1.IntakeChannel_value, "INTAKE_CHANNEL_", string(in.Channel))),
			SubmitTime:  timestamp(in.SubmittedAt),
			HandedInOn:  in.HandedInOn.String(),
			SignedOn:    in.SignedOn.String(),
			ArrivedOn:   in.ArrivedOn.String(),
			ConfirmedOn: in.ConfirmedOn.String(),
		},
		ReceivedOn:               a.ReceivedOn.String(),
		DueOn:                    a.DueOn.String(),
		Regime:                   regimeProto(a.Regime),
		DueProvisional:           a.DueProvisional,
		AssigneeId:               a.AssigneeID,
		Outcome:                  foiv1.Outcome(enumValue(foiv1.Outcome_value, "OUTCOME_", string(a.Outcome))),
		RepliedOn:                a.RepliedOn.String(),
		ClosedOn:                 a.ClosedOn.String(),
		ClarificationOn:          a.ClarificationOn.String(),
		SupplementDueOn:          a.SupplementDueOn.String(),
		SupplementDueProvisional: a.SupplementDueProvisional,
		LateClarificationReason:  a.LateClarification,
		Pieces:                   int32(max(a.Pieces, 1)),
		SplitReason:              a.SplitReason,
		ApplicantAccountId:       a.ApplicantAccountID,
		CreateTime:               timestamp(a.CreatedAt),
		UpdateTime:               timestamp(a.UpdatedAt),
	}
}

// LookupApplicationStatus implements foi.v1.ApplicationService.
func (h *Applications) LookupApplicationStatus(ctx context.Context, req *foiv1.LookupApplicationStatusRequest) (*foiv1.LookupApplicationStatusResponse, error) {
	var c errs.Collector
	tracking, code := strings.TrimSpace(req.GetTrackingNumber()), strings.TrimSpace(req.GetQueryCode())
	if tracking == "" {
		c.Add("trackingNumber", "请填写回执上的申请编号")
	}
	if code == "" {
		c.Add("queryCode", "请填写回执上的查询码")
	}
	c.MaxLength("trackingNumber", tracking, 40)
	c.MaxLength("queryCode", code, 20)
	if err := c.Err(); err != nil {
		return nil, err
	}
	var st cases.PublicStatus
	ok, err := h.accounts.Throttled(ctx, "status", tracking, clientAddr(ctx), func(ctx context.Context) (bool, error) {
		var ok bool
		var err error
		st, ok, err = h.cases.StatusByCode(ctx, tracking, code)
		return ok, err
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errs.New(errs.NotFound, "申请编号或查询码不正确")
	}
	return &foiv1.LookupApplicationStatusResponse{
		TrackingNumber: st.TrackingNumber, AgencyName: st.AgencyName, State: stateProto(st.State), StateLabel: st.State.Label(),
		ReceivedOn: st.ReceivedOn.String(), DueOn: st.DueOn.String(), DueProvisional: st.DueProvisional,
		RepliedOn: st.RepliedOn.String(), ClosedOn: st.ClosedOn.String(),
	}, nil
}

// ownIdentity is the identity registered on the account of who, an
// applicant submitting online (an application or a correction request);
// given, the identity the request names, is prefilled with it when the
// applicant left it out.
func ownIdentity(ctx context.Context, accounts *auth.Service, who actor.Actor, given *applicant.Identity) (applicant.Identity, error) {
	acc, err := accounts.Account(ctx, who.AccountID)
	if err != nil {
		return applicant.Identity{}, err
	}
	if *given == (applicant.Identity{}) {
		*given = acc.Identity
	}
	return acc.Identity, nil
}
