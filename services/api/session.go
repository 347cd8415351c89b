package api

import (
	"context"

	"google.golang.org/grpc"

	foiv1 "foi/gen/foi/v1"
	"foi/services/auth"
)

// Sessions serves foi.v1.SessionService.
type Sessions struct {
	foiv1.UnimplementedSessionServiceServer
	auth *auth.Service
}

// NewSessions returns the SessionService handlers.
func NewSessions(a *auth.Service) *Sessions { return &Sessions{auth: a} }

// Register adds the service to s.
func (h *Sessions) Register(s grpc.ServiceRegistrar) { foiv1.RegisterSessionServiceServer(s, h) }

// CreateSession implements foi.v1.SessionService.
func (h *Sessions) CreateSession(ctx context.Context, req *foiv1.CreateSessionRequest) (*foiv1.CreateSessionResponse, error) {
	t, acc, err := h.auth.SignIn(ctx, req.GetLogin(), req.GetPassword(), clientAddr(ctx))
	if err != nil {
		return nil, err
	}
	return &foiv1.CreateSessionResponse{Tokens: tokensProto(t), Account: accountProto(acc, false)}, nil
}

// RefreshSession implements foi.v1.SessionService.
func (h *Sessions) RefreshSession(ctx context.Context, req *foiv1.RefreshSessionRequest) (*foiv1.RefreshSessionResponse, error) {
	t, err := h.auth.Refresh(ctx, req.GetRefreshToken())
	if err != nil {
		return nil, err
	}
	return &foiv1.RefreshSessionResponse{Tokens: tokensProto(t)}, nil
}

// DeleteCurrentSession implements foi.v1.SessionService.
func (h *Sessions) DeleteCurrentSession(ctx context.Context, _ *foiv1.DeleteCurrentSessionRequest) (*foiv1.DeleteCurrentSessionResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.auth.SignOut(ctx, who); err != nil {
		return nil, err
	}
	return &foiv1.DeleteCurrentSessionResponse{}, nil
}

// ExchangeIdToken implements foi.v1.SessionService.
func (h *Sessions) ExchangeIdToken(ctx context.Context, req *foiv1.ExchangeIdTokenRequest) (*foiv1.ExchangeIdTokenResponse, error) {
	t, acc, err := h.auth.ExchangeIDToken(ctx, req.GetIdToken())
	if err != nil {
		return nil, err
	}
	return &foiv1.ExchangeIdTokenResponse{Tokens: tokensProto(t), Account: accountProto(acc, false)}, nil
}

func tokensProto(t auth.Tokens) *foiv1.Tokens {
	return &foiv1.Tokens{
		AccessToken:            t.Access,
		AccessTokenExpireTime:  timestamp(t.AccessExpires),
		RefreshToken:           t.Refresh,
		RefreshTokenExpireTime: timestamp(t.RefreshExpires),
	}
}
