package main

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"testing"
)

// postFile submits a multipart form with one file, as a browser does.
func (u *webUser) postFile(path string, values url.Values, field, name string, content []byte) *webUser {
	u.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("csrf", u.csrf())
	for k, vs := range values {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	fw, _ := w.CreateFormFile(field, name)
	fw.Write(content)
	w.Close()
	res, err := u.client.Post(u.base()+path, w.FormDataContentType(), &body)
	if err != nil {
		u.t.Fatal(err)
	}
	u.read(res)
	return u
}

// TestWebAdminCalendars: the administrator lists a region's years and
// loads one from the form's lines or from an uploaded JSON file, learning
// how many due dates moved; bad lines and bad files are told beside their
// field; an officer may read the years but not load one.
func TestWebAdminCalendars(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	admin := ts.webUser(t).signIn(p.logins["admin"], p.passwords["admin"])
	admin.get("/admin/calendars").wantStatus(200).want("节假日安排", `enctype="multipart/form-data"`)

	admin.post("/admin/calendars", url.Values{"region": {"CN"}, "year": {"2027"}, "holidays": {"国庆节 2027-10-01"}}).
		wantStatus(http.StatusBadRequest).want("提交的内容有问题", `href="#f-holidays"`, "第1行格式不对")
	admin.post("/admin/calendars", url.Values{"region": {"CN"}, "year": {"2027"}, "noticeTitle": {"国务院办公厅关于2027年部分节假日安排的通知"},
		"noticeNumber": {"国办发明电〔2026〕9号"}, "noticeDate": {"2026-11-20"},
		"holidays": {"元旦 2027-01-01 2027-01-03\n国庆节 2027-10-01 2027-10-07 调休 2027-09-26 2027-10-09"}}).wantStatus(200)
	admin.want("已载入2027年节假日安排", "件案件", "期限变动的案件")
	admin.get("/admin/calendars").want("2027年</td>", "元旦、国庆节", "国办发明电〔2026〕9号")

	admin.postFile("/admin/calendars", url.Values{"region": {"CN"}, "year": {"2028"}}, "file", "2028.json",
		[]byte(`{"notices":[{"title":"2028年安排","number":"国办发明电〔2027〕1号","date":"2027-11-20"}],"holidays":[{"name":"元旦","off":[{"from":"2028-01-01","to":"2028-01-01"}]}]}`)).
		wantStatus(200).want("已载入2028年节假日安排")
	admin.get("/admin/calendars").want("2028年</td>")
	admin.postFile("/admin/calendars", url.Values{"region": {"CN"}, "year": {"2029"}}, "file", "bad.json", []byte(`{"holidays": [`)).
		wantStatus(http.StatusBadRequest).want(`href="#f-file"`, "不是有效的节假日安排").wantNot("2029年</td>")

	// Anyone on staff may read the years (the API says so); only the administrator loads one.
	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.get("/admin/calendars").wantStatus(200).want("2028年</td>")
	officer.post("/admin/calendars", url.Values{"region": {"CN"}, "year": {"2030"}, "holidays": {"元旦 2030-01-01 2030-01-01"}}).wantStatus(http.StatusForbidden)
}
