package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
	"foi/services/errs"
	"foi/services/pg"
)

func TestToStatus(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	sqlErr := &pgconn.PgError{Code: "42P01", Message: `relation "secret_table" does not exist`}
	tests := []struct {
		name string
		err  error
		code codes.Code
		msg  string
	}{
		{"a category with its own text", errs.New(errs.FailedPrecondition, "案件当前状态为「已办结」"), codes.FailedPrecondition, "案件当前状态为「已办结」"},
		{"a wrapped category without text", fmt.Errorf("read x: %w", errs.NotFound), codes.NotFound, "未找到"},
		{"a unique violation from the store", pg.Translate(&pgconn.PgError{Code: pg.UniqueViolation}), codes.AlreadyExists, "记录已存在"},
		{"a serialisation failure", pg.Translate(&pgconn.PgError{Code: pg.SerializationFailure}), codes.Aborted, "数据已被他人修改，请刷新后重试"},
		{"an SQL error nobody expected", fmt.Errorf("list: %w", sqlErr), codes.Internal, "服务器内部错误"},
		{"a cancelled call", context.Canceled, codes.Canceled, "请求已取消"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, _ := status.FromError(toStatus(context.Background(), log, tt.err))
			if st.Code() != tt.code || !strings.HasPrefix(st.Message(), tt.msg) {
				t.Errorf("got %s %q, want %s %q", st.Code(), st.Message(), tt.code, tt.msg)
			}
			if strings.Contains(st.Message(), "secret_table") || strings.Contains(st.Message(), "42P01") {
				t.Errorf("SQL leaked to the client: %q", st.Message())
			}
		})
	}
	if !strings.Contains(logs.String(), "secret_table") {
		t.Error("the unexpected error was not logged for the operator")
	}
}

func TestInvalidCarriesFieldViolations(t *testing.T) {
	var c errs.Collector
	c.Add("details.applicant.idNumber", "身份证号码校验位不正确")
	c.Add("intake.handedInOn", "日期不能晚于今天")
	st, _ := status.FromError(toStatus(context.Background(), slog.New(slog.DiscardHandler), c.Err()))
	if st.Code() != codes.InvalidArgument {
		t.Fatalf("code %s", st.Code())
	}
	var fields []string
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, v := range br.GetFieldViolations() {
				fields = append(fields, v.GetField()+"="+v.GetDescription())
			}
		}
	}
	want := "details.applicant.idNumber=身份证号码校验位不正确,intake.handedInOn=日期不能晚于今天"
	if got := strings.Join(fields, ","); got != want {
		t.Errorf("violations %q, want %q", got, want)
	}
	if !errors.Is(c.Err(), errs.InvalidArgument) {
		t.Error("an *errs.Invalid is not InvalidArgument")
	}
}

func TestCheckTextRefusesControlCharacters(t *testing.T) {
	req := &foiv1.SubmitApplicationRequest{
		RequestId: "ok\twith a tab",
		Details: &foiv1.ApplicationDetails{
			Information: &foiv1.RequestedInformation{Title: "预算\x00执行", Description: "第一行\n第二行"},
			Applicant:   &foiv1.Applicant{Name: "张三\x1b[31m"},
		},
	}
	var inv *errs.Invalid
	if err := checkText(req); !errors.As(err, &inv) {
		t.Fatalf("checkText: %v", err)
	}
	var fields []string
	for _, v := range inv.Violations {
		fields = append(fields, v.Field)
	}
	slices.Sort(fields) // fields are visited in no particular order
	if got := strings.Join(fields, ","); got != "details.applicant.name,details.information.title" {
		t.Errorf("fields %s", got)
	}
	if err := checkText(&foiv1.RequestClarificationRequest{Items: []string{"一", "二\x00"}}); err == nil || !strings.Contains(err.Error(), "items[1]") {
		t.Errorf("a repeated field: %v", err)
	}
	if err := checkText(&foiv1.GetApplicationRequest{Id: "x"}); err != nil {
		t.Errorf("clean request: %v", err)
	}
}
