import Testing

@testable import AccordServer

/// The dashboard's charts: bars on a round scale, and the same values as a line with a point per value.
@Suite struct BarChartTests {
    static func chart() -> BarChart {
        BarChart.make(
            id: "c", heading: "Choices per day", keyHeading: "Day", valueHeading: "Choices",
            values: [("Mon", 0), ("Tue", 4), ("Wed", 2)])
    }

    @Test func barsStandOnTheAxisScaledToARoundMaximum() {
        let chart = Self.chart()
        #expect(chart.ticks.map(\.label) == ["0", "1", "2", "3", "4"])
        #expect(chart.bars.map { $0.y + $0.height } == [chart.axisY, chart.axisY, chart.axisY])
        #expect(chart.bars[1].height == 2 * chart.bars[2].height)
        #expect(chart.drawsBars && chart.linePoints == nil)
    }

    @Test func aLineGoesThroughThePointAtopEachBarInOrder() {
        let bars = Self.chart().bars
        let line = Self.chart().asLine()
        #expect(!line.drawsBars)
        #expect(line.linePoints == "\(bars[0].pointX),\(bars[0].y) \(bars[1].pointX),\(bars[1].y) \(bars[2].pointX),\(bars[2].y)")
        #expect(bars[0].pointX < bars[1].pointX && bars[1].pointX < bars[2].pointX)
        #expect(bars.allSatisfy { $0.pointX > $0.x && $0.pointX < $0.x + $0.width })
    }
}
