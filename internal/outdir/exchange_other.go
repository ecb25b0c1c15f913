//go:build !linux && !darwin

package outdir

func exchange(a, b string) error { return errExchangeUnsupported }
