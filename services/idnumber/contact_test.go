package idnumber

import "testing"

func TestMobile(t *testing.T) {
	accepts := []accept{
		{"plain", "13812345678", "13812345678"},
		{"19x", "19912345678", "19912345678"},
		{"spaces", "138 1234 5678", "13812345678"},
		{"dashes", "138-1234-5678", "13812345678"},
		{"+86", "+86 138 1234 5678", "13812345678"},
		{"+86 dash", "+86-13812345678", "13812345678"},
		{"86", "8613812345678", "13812345678"},
		{"0086", "0086 13812345678", "13812345678"},
		{"full-width", "１３８１２３４５６７８", "13812345678"},
	}
	rejects := []rejectCase{
		{"empty", "", "请填写手机号码"},
		{"10 digits", "1381234567", "手机号码应为11位，当前为10位"},
		{"12 digits", "138123456789", "手机号码应为11位，当前为12位"},
		{"starts 12", "12812345678", "手机号码应以13至19开头"},
		{"starts 2", "23812345678", "手机号码应以13至19开头"},
		{"other country", "+85291234567", "只接受中国大陆手机号码（+86）"},
		{"letters", "138abcd5678", "手机号码只能包含数字，不能含有 a"},
		{"brackets", "(138)12345678", "手机号码只能包含数字，不能含有 ("},
		{"landline", "010-62345678", "手机号码应以13至19开头"},
	}
	runValid(t, Mobile, accepts, rejects)
}

func TestLandline(t *testing.T) {
	accepts := []accept{
		{"Beijing dash", "010-62345678", "010-62345678"},
		{"Beijing joined", "01082345678", "010-82345678"},
		{"Beijing spaces", "010 8234 5678", "010-82345678"},
		{"brackets", "(010)82345678", "010-82345678"},
		{"full-width brackets", "（010）82345678", "010-82345678"},
		{"Guangzhou", "020-87654321", "020-87654321"},
		{"Shenzhen 8", "0755-82345678", "0755-82345678"},
		{"four-digit area 7-digit number", "0931-8123456", "0931-8123456"},
		{"four-digit area joined", "09318123456", "0931-8123456"},
		{"extension 转", "010-82345678转123", "010-82345678-123"},
		{"extension 分机", "010-82345678 分机 8001", "010-82345678-8001"},
		{"extension ext", "010-82345678 ext. 12", "010-82345678-12"},
		{"extension x", "010-82345678x12", "010-82345678-12"},
		{"extension EXT", "010-82345678 EXT 12", "010-82345678-12"},
		{"extension #", "0755-8234567#9", "0755-8234567-9"},
		{"extension dash", "010-82345678-123", "010-82345678-123"},
		{"extension dash after 7 digits", "0755-8234567-8", "0755-8234567-8"},
		{"+86", "+86 10 8234 5678", "010-82345678"},
		{"+86 with trunk 0", "+86 0755 82345678", "0755-82345678"},
		{"Nanchang", "0791-86666666", "0791-86666666"},
		{"Nanchang joined", "079186666666", "0791-86666666"},
		{"number starts 1", "010-12345678", "010-12345678"},
		{"number starts 1 joined", "01012345678", "010-12345678"},
		{"number starts 1 with extension", "0755-12345678-12", "0755-12345678-12"},
	}
	rejects := []rejectCase{
		{"empty", "", "请填写固定电话号码"},
		{"no area code", "82345678", "固定电话号码应以区号开头，如010、0755"},
		{"area 00", "0012345678", "固定电话号码应以区号开头，如010、0755"},
		{"area 011", "011-82345678", "区号 011 不存在"},
		{"too short", "010-823456", "固定电话号码应为区号加7至8位号码，当前位数不足"},
		{"too long", "010-823456789", "固定电话号码（不含区号）应为7至8位，当前为9位"},
		{"number starts 0", "010-02345678", "固定电话号码（不含区号）不能以0开头"},
		{"letters", "010-8234abcd", "固定电话号码只能包含数字、空格、短横线和括号，不能含有 a"},
		{"extension too long", "010-82345678转1234567", "分机号应为1至6位数字"},
		{"empty extension", "010-82345678转", "分机号应为1至6位数字"},
		{"mobile", "13812345678", "固定电话号码应以区号开头，如010、0755"},
	}
	runValid(t, Landline, accepts, rejects)
}

func TestPhone(t *testing.T) {
	accepts := []accept{
		{"mobile", "+86 138-1234-5678", "13812345678"},
		{"landline", "(0755) 8234 5678", "0755-82345678"},
		{"landline with extension", "010-82345678转9", "010-82345678-9"},
		{"landline joined", "01012345678", "010-12345678"},
		{"landline four-digit area", "0791-86666666", "0791-86666666"},
		{"landline four-digit area joined, extension", "079186666666转8", "0791-86666666-8"},
		{"mobile joined", "13912345678", "13912345678"},
	}
	rejects := []rejectCase{
		{"bad mobile", "1381234567", "手机号码应为11位，当前为10位"},
		{"bad landline", "010-823456", "固定电话号码应为区号加7至8位号码，当前位数不足"},
		{"bad landline +86", "+86 010 823456", "固定电话号码应为区号加7至8位号码，当前位数不足"},
		{"empty", "", "请填写手机号码"},
	}
	runValid(t, Phone, accepts, rejects)
}

func TestEmail(t *testing.T) {
	long := make([]byte, 0, 260)
	for len(long) < 64 {
		long = append(long, 'a')
	}
	local64 := string(long)
	accepts := []accept{
		{"plain", "zhang.san@example.com", "zhang.san@example.com"},
		{"domain case", "Zhang.San@Example.COM", "Zhang.San@example.com"},
		{"plus", "a+foi@mail.example.cn", "a+foi@mail.example.cn"},
		{"spaces around", "  a@example.com ", "a@example.com"},
		{"full-width at", "a＠example.com", "a@example.com"},
		{"Chinese domain", "a@例子.中国", "a@例子.中国"},
		{"Chinese local part", "张三@example.com", "张三@example.com"},
		{"64-octet local part", local64 + "@example.com", local64 + "@example.com"},
	}
	rejects := []rejectCase{
		{"empty", "", "请填写电子邮箱"},
		{"no at", "example.com", "电子邮箱地址格式不正确"},
		{"two ats", "a@b@example.com", "电子邮箱地址格式不正确"},
		{"display name", "张三 <a@example.com>", "请只填写一个电子邮箱地址本身，不要包含姓名、尖括号、引号或注释"},
		{"angle brackets", "<a@example.com>", "请只填写一个电子邮箱地址本身，不要包含姓名、尖括号、引号或注释"},
		{"quoted local part", `"a b"@example.com`, "请只填写一个电子邮箱地址本身，不要包含姓名、尖括号、引号或注释"},
		{"comment", "a@example.com (home)", "请只填写一个电子邮箱地址本身，不要包含姓名、尖括号、引号或注释"},
		{"two addresses", "a@example.com, b@example.com", "电子邮箱地址格式不正确"},
		{"single-label domain", "a@localhost", "电子邮箱地址的域名部分不正确"},
		{"address literal", "a@[192.0.2.1]", ""},
		{"hyphen label", "a@-example.com", "电子邮箱地址的域名部分不正确"},
		{"double dot", "a@example..com", "电子邮箱地址格式不正确"},
		{"65-octet local part", local64 + "b@example.com", "电子邮箱地址@前的部分不能超过64个字符"},
		{"too long", local64 + "@" + longDomain(190), "电子邮箱地址不能超过254个字符"},
	}
	runValid(t, Email, accepts, rejects)
}

// longDomain returns a valid domain name of n octets.
func longDomain(n int) string {
	b := make([]byte, 0, n)
	for len(b) < n-4 {
		if len(b)%50 == 49 {
			b = append(b, '.')
		} else {
			b = append(b, 'd')
		}
	}
	return string(b) + ".com"
}
