package links

import "net/netip"

// block is an address block the checker never connects to, with the
// document that sets it apart.
type block struct {
	prefix netip.Prefix
	ref    string
}

// notPublic are the blocks of IANA's IPv4 and IPv6 Special-Purpose
// Address Registries (RFC 6890 and the RFCs that update them) that are
// not globally reachable, transcribed with their references, and the
// cloud providers' metadata addresses, which answer any host on their
// networks (hosted CI runners are such hosts). Loopback, RFC 1918 and
// ULA, link-local, multicast and unspecified addresses are also refused
// by netip's own tests in Public. Blocks the registries mark globally
// reachable (AS112, AMT, PCP and TURN anycast) are refused with their
// enclosing block all the same where it is not: no cited page is served
// from them.
var notPublic = []block{
	// IPv4 Special-Purpose Address Registry.
	{netip.MustParsePrefix("0.0.0.0/8"), "RFC 791, section 3.2: this network"},
	{netip.MustParsePrefix("10.0.0.0/8"), "RFC 1918: private use"},
	{netip.MustParsePrefix("100.64.0.0/10"), "RFC 6598: shared address space"},
	{netip.MustParsePrefix("127.0.0.0/8"), "RFC 1122, section 3.2.1.3: loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "RFC 3927: link local"},
	{netip.MustParsePrefix("172.16.0.0/12"), "RFC 1918: private use"},
	{netip.MustParsePrefix("192.0.0.0/24"), "RFC 6890, section 2.1: IETF protocol assignments (192.0.0.8 RFC 7600, 192.0.0.170-171 RFC 8880, 192.0.0.0/29 RFC 7335)"},
	{netip.MustParsePrefix("192.0.2.0/24"), "RFC 5737: documentation (TEST-NET-1)"},
	{netip.MustParsePrefix("192.88.99.0/24"), "RFC 7526: deprecated 6to4 relay anycast"},
	{netip.MustParsePrefix("192.168.0.0/16"), "RFC 1918: private use"},
	{netip.MustParsePrefix("198.18.0.0/15"), "RFC 2544: benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "RFC 5737: documentation (TEST-NET-2)"},
	{netip.MustParsePrefix("203.0.113.0/24"), "RFC 5737: documentation (TEST-NET-3)"},
	{netip.MustParsePrefix("240.0.0.0/4"), "RFC 1112, section 4: reserved"},
	{netip.MustParsePrefix("255.255.255.255/32"), "RFC 8190, RFC 919 section 7: limited broadcast"},
	// IPv6 Special-Purpose Address Registry.
	{netip.MustParsePrefix("::/96"), "RFC 4291, section 2.5.5.1: IPv4-compatible (deprecated), loopback and unspecified"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "RFC 8215: local-use IPv4/IPv6 translation"},
	{netip.MustParsePrefix("100::/64"), "RFC 6666: discard-only"},
	{netip.MustParsePrefix("100:0:0:1::/64"), "RFC 9780: dummy IPv6 prefix"},
	{netip.MustParsePrefix("2001::/23"), "RFC 2928: IETF protocol assignments (Teredo RFC 4380, benchmarking RFC 5180, ORCHID RFC 7343)"},
	{netip.MustParsePrefix("2001:db8::/32"), "RFC 3849: documentation"},
	{netip.MustParsePrefix("3fff::/20"), "RFC 9637: documentation"},
	{netip.MustParsePrefix("5f00::/16"), "RFC 9602: segment routing (SRv6) SIDs"},
	{netip.MustParsePrefix("fc00::/7"), "RFC 4193: unique local"},
	{netip.MustParsePrefix("fe80::/10"), "RFC 4291: link-local unicast"},
	// Cloud metadata services.
	{netip.MustParsePrefix("168.63.129.16/32"), "Azure's host endpoint (WireServer)"},
	{netip.MustParsePrefix("169.254.169.254/32"), "AWS, Google Cloud, Azure and others: instance metadata"},
	{netip.MustParsePrefix("100.100.100.200/32"), "Alibaba Cloud: instance metadata"},
	{netip.MustParsePrefix("fd00:ec2::254/128"), "AWS: instance metadata over IPv6"},
}

// Blocks that carry an IPv4 address, judged as that address.
var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96") // RFC 6052: the last 32 bits
	sixToFour = netip.MustParsePrefix("2002::/16")    // RFC 3056: bits 16 to 48
)

// Public reports whether ip is an address on the public Internet: in
// none of the blocks of notPublic, not loopback, private, link-local,
// multicast or unspecified, and, for an IPv6 address that carries an
// IPv4 one (IPv4-mapped, NAT64, 6to4), that IPv4 address public too.
func Public(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() {
		return false
	}
	if b := ip.As16(); ip.Is6() && nat64.Contains(ip) {
		return Public(netip.AddrFrom4([4]byte(b[12:16])))
	} else if ip.Is6() && sixToFour.Contains(ip) {
		return Public(netip.AddrFrom4([4]byte(b[2:6])))
	}
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return false
	}
	for _, b := range notPublic {
		if b.prefix.Contains(ip) {
			return false
		}
	}
	return true
}
