// Package applicant holds who applies (Art. 29): the kinds of applicant and
// identity document, the identity an application or an account carries, and
// its validation and normalisation. It sits below both accounts and cases,
// which share it.
package applicant

import (
	"strings"

	"foi/services/clock"
	"foi/services/errs"
	"foi/services/idnumber"
)

// Type is who applies; the annual report's columns.
type Type string

// The applicant types.
const (
	NaturalPerson             Type = "NATURAL_PERSON"
	CommercialEnterprise      Type = "COMMERCIAL_ENTERPRISE"
	ResearchInstitution       Type = "RESEARCH_INSTITUTION"
	PublicWelfareOrganization Type = "PUBLIC_WELFARE_ORGANIZATION"
	LegalServiceInstitution   Type = "LEGAL_SERVICE_INSTITUTION"
	OtherOrganization         Type = "OTHER_ORGANIZATION"
)

// IDType is the kind of identity document shown.
type IDType string

// The identity document types.
const (
	ResidentIDCard             IDType = "RESIDENT_ID_CARD"
	Passport                   IDType = "PASSPORT"
	HKMacaoPermit              IDType = "HK_MACAO_PERMIT"
	TaiwanPermit               IDType = "TAIWAN_PERMIT"
	ForeignPermanentResidentID IDType = "FOREIGN_PERMANENT_RESIDENT_ID"
	CreditCode                 IDType = "UNIFIED_SOCIAL_CREDIT_CODE"
)

var idKinds = map[IDType]idnumber.Kind{
	ResidentIDCard:             idnumber.ResidentID,
	Passport:                   idnumber.Passport,
	HKMacaoPermit:              idnumber.HKMacaoPermit,
	TaiwanPermit:               idnumber.TaiwanPermit,
	ForeignPermanentResidentID: idnumber.ForeignPermanentResidentID,
	CreditCode:                 idnumber.CreditCode,
}

// Identity is who applies (Art. 29): on an application as written on the
// form, on an applicant's account as registered.
type Identity struct {
	Type          Type
	Name          string
	IDType        IDType
	IDNumber      string // normalised
	ContactPerson string
	Phone         string // normalised
	Email         string
	Address       string
}

// DocumentKey identifies the person or organisation behind an identity by
// its document, whatever account or form it came from: the fee rules count
// an applicant's pieces by it.
func (a Identity) DocumentKey() string { return string(a.IDType) + ":" + a.IDNumber }

// Normalise validates the identity and contact (Art. 29) and normalises
// document numbers and contacts. Field names are relative to the applicant.
func (a *Identity) Normalise(today clock.Date) error {
	var c errs.Collector
	for _, p := range []*string{&a.Name, &a.ContactPerson, &a.Address, &a.Phone, &a.Email} {
		*p = strings.TrimSpace(*p)
	}
	switch a.Type {
	case NaturalPerson:
		if a.IDType == CreditCode {
			c.Add("idType", "自然人应提供本人身份证件，而非统一社会信用代码")
		}
	case CommercialEnterprise, ResearchInstitution, PublicWelfareOrganization, LegalServiceInstitution, OtherOrganization:
		if a.IDType != CreditCode && a.IDType != "" {
			c.Add("idType", "法人或其他组织应提供统一社会信用代码")
		}
	default:
		c.Add("type", "须选择申请人类型（自然人或组织类别）")
	}
	if a.Name == "" {
		c.Add("name", "须填写申请人姓名或名称")
	}
	c.MaxLength("name", a.Name, 100)
	c.MaxLength("contactPerson", a.ContactPerson, 50)
	c.MaxLength("address", a.Address, 200)

	if kind, ok := idKinds[a.IDType]; !ok {
		c.Add("idType", "须选择身份证明的类型")
	} else if a.IDNumber == "" {
		c.Add("idNumber", "须填写身份证明号码")
	} else if n, err := idnumber.Validate(kind, a.IDNumber, today.Time()); err != nil {
		c.Add("idNumber", err.Error())
	} else {
		a.IDNumber = n
	}

	if a.Phone == "" && a.Email == "" {
		c.Add("phone", "须留下联系电话或电子邮箱（至少一项）")
	}
	if a.Phone != "" {
		if p, err := idnumber.Phone(a.Phone); err != nil {
			c.Add("phone", err.Error())
		} else {
			a.Phone = p
		}
	}
	if a.Email != "" {
		if e, err := idnumber.Email(a.Email); err != nil {
			c.Add("email", err.Error())
		} else {
			a.Email = e
		}
	}
	return c.Err()
}
