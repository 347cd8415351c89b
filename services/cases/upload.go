package cases

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"os"
	"strconv"

	"foi/services/errs"
	"foi/services/filetype"
)

// spool copies an upload into a temporary file, hashing it as it goes and
// stopping past the size limit, then checks it: not empty, as long as
// declared, the digest declared, a type foi accepts, named and claimed as
// what it is. The caller closes the result, which removes the file.
func (d *Documents) spool(body io.Reader, u Upload) (*spooled, error) {
	f, err := os.CreateTemp(d.tmpDir, "foi-upload-*")
	if err != nil {
		return nil, err
	}
	s := &spooled{f: f}
	ok := false
	defer func() {
		if !ok {
			s.close()
		}
	}()
	h := sha256.New()
	src := body
	if d.limits.PerFile > 0 {
		src = io.LimitReader(body, d.limits.PerFile+1)
	}
	s.size, err = io.Copy(io.MultiWriter(f, h), src)
	if err != nil {
		var inv *errs.Invalid
		if errors.Is(err, errs.InvalidArgument) || errors.As(err, &inv) {
			return nil, err
		}
		return nil, errs.New(errs.InvalidArgument, "上传中断，文件不完整，未保存")
	}
	h.Sum(s.sum[:0])
	if err := d.checkSpooled(s, u); err != nil {
		return nil, err
	}
	ok = true
	return s, nil
}

// checkSpooled checks a spooled upload against the limits and against
// what the uploader said of it, and reads its type and pages.
func (d *Documents) checkSpooled(s *spooled, u Upload) error {
	switch {
	case s.size == 0:
		return errs.Field("file", "文件为空")
	case d.limits.PerFile > 0 && s.size > d.limits.PerFile:
		return errs.Field("file", "文件超过 "+sizeText(d.limits.PerFile)+" 上限")
	case u.Size >= 0 && s.size < u.Size:
		return errs.Field("file", "上传不完整：声明 "+itoa(u.Size)+" 字节，只收到 "+itoa(s.size)+" 字节")
	case u.Size >= 0 && s.size > u.Size:
		return errs.Field("file", "上传内容超过声明的 "+itoa(u.Size)+" 字节")
	case u.SHA256 != "" && u.SHA256 != hex.EncodeToString(s.sum[:]):
		return errs.Field("sha256", "文件内容的 SHA-256 与声明的不符，上传可能不完整")
	}
	typ, err := filetype.Detect(s.f, s.size)
	if err != nil {
		return errs.Field("file", err.Error())
	}
	s.typ = typ
	if !typ.MatchesName(u.FileName) {
		return errs.Field("fileName", "文件内容为"+typ.Label+"，与文件名的扩展名不符")
	}
	if base, _, _ := mime.ParseMediaType(u.MediaType); base != "" && base != "application/octet-stream" {
		if claimed, ok := filetype.ByMediaType(u.MediaType); !ok || !claimed.Equal(typ) {
			return errs.Field("mediaType", "所声明的类型 "+base+" 与文件内容（"+typ.Label+"）不符")
		}
	}
	if typ.Equal(filetype.PDF) {
		if s.pages, err = filetype.PDFPages(s.reader()); err != nil {
			return err
		}
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
