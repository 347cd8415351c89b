package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"time"

	"foi/services/auth"
)

func runtimeGOMAXPROCS() int { return runtime.GOMAXPROCS(0) }

type restClient struct {
	base string
	http *http.Client
	// queues hold, per client, the cases its intake made, for its
	// transitions to take.
	queues [][]queued
}

type queued struct {
	id      string
	version int64
}

func newRESTClient(addr string, clients int) *restClient {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = clients
	return &restClient{base: "http://" + addr, http: &http.Client{Transport: tr, Timeout: time.Minute}, queues: make([][]queued, clients)}
}

func (r *restClient) call(ctx context.Context, method, path, token string, body any, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, r.base+path, rd)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := r.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != 200 {
		return fmt.Errorf("%s %s: HTTP %d: %s", method, path, res.StatusCode, raw)
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

func (r *restClient) signIn(ctx context.Context, login string) (string, error) {
	var res struct {
		Tokens struct {
			AccessToken string `json:"accessToken"`
		} `json:"tokens"`
	}
	err := r.call(ctx, "POST", "/v1/sessions", "", map[string]string{"login": login, "password": auth.DemoPassword}, &res)
	return res.Tokens.AccessToken, err
}

// application is the part of an answer the benchmark reads.
type application struct {
	Application struct {
		ID      string `json:"id"`
		Version string `json:"version"`
	} `json:"application"`
}

func (r *restClient) ops(agencyID, clerk, officer string) [3]func(ctx context.Context, c, i int) error {
	register := func(ctx context.Context, c, i int) error {
		body := applicationJSON(agencyID, fmt.Sprintf("rest-%d-%d", c, i))
		var res application
		if err := r.call(ctx, "POST", "/v1/applications:register", clerk, body, &res); err != nil {
			return err
		}
		v, _ := strconv.ParseInt(res.Application.Version, 10, 64)
		r.queues[c] = append(r.queues[c], queued{res.Application.ID, v})
		return nil
	}
	assign := func(ctx context.Context, c, i int) error {
		if len(r.queues[c]) == 0 {
			return errDone
		}
		q := r.queues[c][0]
		r.queues[c] = r.queues[c][1:]
		return r.call(ctx, "POST", "/v1/applications/"+q.id+":assign", officer, map[string]any{"version": strconv.FormatInt(q.version, 10)}, nil)
	}
	list := func(ctx context.Context, c, i int) error {
		return r.call(ctx, "GET", "/v1/applications?pageSize=20", officer, nil, nil)
	}
	return [3]func(ctx context.Context, c, i int) error{register, assign, list}
}

// applicationJSON is a complete window application.
func applicationJSON(agencyID, requestID string) map[string]any {
	return map[string]any{
		"requestId": requestID,
		"details": map[string]any{
			"agencyId": agencyID,
			"applicant": map[string]any{"type": "APPLICANT_TYPE_NATURAL_PERSON", "name": "张三",
				"idType": "ID_DOCUMENT_TYPE_RESIDENT_ID_CARD", "idNumber": "11010519491231002X",
				"phone": "13912345678", "address": "示范区人民路1号"},
			"information": map[string]any{"title": "示范区2025年老旧小区改造项目清单"},
			"medium":      "INFORMATION_MEDIUM_PAPER",
			"delivery":    "DELIVERY_METHOD_POST",
		},
		"intake": map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": time.Now().Format("2006-01-02")},
	}
}

func waitReady(ctx context.Context, addr string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+addr+"/readyz", nil)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
