/// A bar or line chart drawn as SVG on the server: the model gives every coordinate, the template only prints them.
/// The same values are printed as the table beside the chart, so what a screen reader reads equals what is drawn.
struct BarChart: Sendable {
    struct Bar: Sendable {
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        var label: String
        var valueText: String
        /// The middle of the bar's top: where a line chart puts its point.
        var pointX: Int
    }
    struct Tick: Sendable {
        var y: Int
        var textY: Int
        var left: Int
        var right: Int
        var labelX: Int
        var label: String
    }
    struct XLabel: Sendable {
        var x: Int
        var y: Int
        var label: String
    }

    var id: String
    var heading: String
    /// One sentence for `<desc>`: what the chart shows and its largest value.
    var summary: String
    var keyHeading: String
    var valueHeading: String
    var width = 640
    var height = 260
    var bars: [Bar]
    var ticks: [Tick]
    var xLabels: [XLabel]
    var axisLeft: Int
    var axisRight: Int
    var axisY: Int
    /// Whether the values are drawn as bars; false draws `linePoints` with a point per value instead.
    var drawsBars = true
    /// The `points` of the line through every value (`x,y x,y ...`), for a line chart; nil for bars.
    var linePoints: String?

    /// The same values as a line through one point per value (a series over time reads better so).
    func asLine() -> BarChart {
        var chart = self
        chart.drawsBars = false
        chart.linePoints = bars.map { "\($0.pointX),\($0.y)" }.joined(separator: " ")
        return chart
    }

    /// Vertical bars for `values` (label, value), on an axis from 0 to a round maximum; every `labelEvery`-th label
    /// is printed under its bar so long periods stay legible. `format` prints a value for the table and tooltips.
    static func make(
        id: String, heading: String, keyHeading: String, valueHeading: String, values: [(String, Int)], maximum: Int? = nil,
        labelEvery: Int = 1, format: (Int) -> String = { String($0) }
    ) -> BarChart {
        let (left, right, top, bottom) = (48, 632, 12, 220)
        let scaleTop = max(1, maximum ?? roundUp(values.map(\.1).max() ?? 0))
        let slot = Double(right - left) / Double(max(1, values.count))
        let bars = values.enumerated().map { index, pair in
            let height = Int((Double(pair.1) / Double(scaleTop) * Double(bottom - top)).rounded())
            return Bar(
                x: left + Int(Double(index) * slot + slot * 0.15), y: bottom - height, width: max(1, Int(slot * 0.7)),
                height: height, label: pair.0, valueText: format(pair.1),
                pointX: left + Int(Double(index) * slot + slot / 2))
        }
        let ticks = (0...4).map { step in
            let value = scaleTop * step / 4
            let y = bottom - (bottom - top) * step / 4
            return Tick(y: y, textY: y + 4, left: left, right: right, labelX: left - 6, label: format(value))
        }
        let xLabels = values.enumerated().compactMap { index, pair -> XLabel? in
            guard index % max(1, labelEvery) == 0 else { return nil }
            return XLabel(x: left + Int(Double(index) * slot + slot / 2), y: bottom + 18, label: pair.0)
        }
        let largest = values.max { $0.1 < $1.1 }
        let summary =
            largest.map { "\(values.count) bars; the largest is \($0.0) with \(format($0.1))." } ?? "No data in this period."
        return BarChart(
            id: id, heading: heading, summary: summary, keyHeading: keyHeading, valueHeading: valueHeading, bars: bars,
            ticks: ticks, xLabels: xLabels, axisLeft: left, axisRight: right, axisY: bottom)
    }

    /// The smallest of 4, 8, 20, 40, 80, 200, ... that is at least `value`: divisible by four, so the four grid
    /// steps are whole numbers.
    static func roundUp(_ value: Int) -> Int {
        var scale = 1
        while true {
            for step in [4, 8, 20] where step * scale >= value { return step * scale }
            scale *= 10
        }
    }
}
