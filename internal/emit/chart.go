package emit

type bar struct {
	Year                              string
	Count                             int
	X, Y, W, H, TextX, CountY, LabelY int
}

type chart struct {
	Width, Height int
	Bars          []bar
}

// barChart lays out one bar per year, scaled to the largest count.
func barChart(years []string, counts []int) chart {
	const barW, gap, top, plotH, bottom = 28, 10, 18, 120, 20
	c := chart{Width: max(120, gap+len(years)*(barW+gap)), Height: top + plotH + bottom}
	peak := 1
	for _, n := range counts {
		peak = max(peak, n)
	}
	for i, y := range years {
		h := counts[i] * plotH / peak
		x := gap + i*(barW+gap)
		c.Bars = append(c.Bars, bar{Year: y, Count: counts[i], X: x, Y: top + plotH - h, W: barW, H: h,
			TextX: x + barW/2, CountY: top + plotH - h - 4, LabelY: top + plotH + 14})
	}
	return c
}
