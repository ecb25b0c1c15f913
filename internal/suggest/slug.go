package suggest

import "strings"

// Slug makes an id from a name as people write it: lowercase, without
// accents (Fold), its words of letters and digits joined by single
// hyphens, at most limit bytes ("  NIC México " → nic-mexico).
func Slug(text string, limit int) string {
	var sb strings.Builder
	hyphen := false
	for _, r := range Fold(text) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if hyphen && sb.Len() > 0 {
				sb.WriteByte('-')
			}
			sb.WriteRune(r)
			hyphen = false
		} else {
			hyphen = true
		}
	}
	s := sb.String()
	if len(s) > limit {
		s = strings.TrimRight(s[:limit], "-")
	}
	return s
}
