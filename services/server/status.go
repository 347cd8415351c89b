package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"

	"github.com/jackc/pgx/v5/pgconn"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"foi/services/errs"
)

// categories maps each error category to its gRPC code and the message a
// client sees when the error carries no user-facing text of its own.
var categories = []struct {
	category error
	code     codes.Code
	text     string
}{
	{errs.InvalidArgument, codes.InvalidArgument, "请求参数有误"},
	{errs.NotFound, codes.NotFound, "未找到"},
	{errs.FailedPrecondition, codes.FailedPrecondition, "当前状态不允许该操作"},
	{errs.Aborted, codes.Aborted, "数据已被他人修改，请刷新后重试"},
	{errs.AlreadyExists, codes.AlreadyExists, "记录已存在"},
	{errs.PermissionDenied, codes.PermissionDenied, "无权执行该操作"},
	{errs.Unauthenticated, codes.Unauthenticated, "请先登录"},
	{errs.ResourceExhausted, codes.ResourceExhausted, "请求过于频繁，请稍后再试"},
}

// toStatus turns a handler's error into the status the client sees. Domain
// categories keep their user-facing text (and field violations); anything
// else is Internal with a generic message, and the full error goes to the
// log with the request id, never to the client.
func toStatus(ctx context.Context, log *slog.Logger, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := status.FromError(err); ok {
		return err // already a status: produced by gRPC itself
	}
	for _, c := range categories {
		if !errors.Is(err, c.category) {
			continue
		}
		text, ok := errs.UserText(err)
		if !ok {
			text = c.text
		}
		st := status.New(c.code, text)
		var inv *errs.Invalid
		if errors.As(err, &inv) {
			br := &errdetails.BadRequest{}
			for _, v := range inv.Violations {
				br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{Field: v.Field, Description: v.Reason})
			}
			if withDetails, derr := st.WithDetails(br); derr == nil {
				st = withDetails
			}
		}
		return st.Err()
	}
	switch {
	case errors.Is(err, context.Canceled):
		return status.Error(codes.Canceled, "请求已取消")
	case errors.Is(err, context.DeadlineExceeded):
		return status.Error(codes.DeadlineExceeded, "请求超时")
	case databaseUnreachable(err):
		// Not the server's fault, and not for good: the client may retry.
		return retryable(codes.Unavailable, "服务暂时不可用，请稍后重试")
	}
	id := RequestID(ctx)
	log.ErrorContext(ctx, "internal error", "request_id", id, "err", err)
	return status.Error(codes.Internal, fmt.Sprintf("服务器内部错误，请稍后重试（请求号 %s）", id))
}

// databaseUnreachable reports whether err says the database could not be
// reached or went away mid-call (a refused or broken connection, a server
// shutting down or starting up), rather than that it refused the request.
func databaseUnreachable(err error) bool {
	var connect *pgconn.ConnectError
	if errors.As(err, &connect) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "57P01", "57P02", "57P03", // admin_shutdown, crash_shutdown, cannot_connect_now
			"53300": // too_many_connections
			return true
		}
		return len(pgErr.Code) == 5 && pgErr.Code[:2] == "08" // connection_exception
	}
	var netErr net.Error
	return errors.As(err, &netErr) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, pgconn.ErrConnClosed) || pgconn.SafeToRetry(err)
}
