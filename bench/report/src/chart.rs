//! One SVG chart per backend and workload: each contender's time as a ratio to the raw
//! driver's, against N (log scale); a bar per contender for the one-size workload.

use std::path::Path;

use plotters::prelude::*;

use crate::results::Measurement;

const COLORS: [RGBColor; 7] = [
    RGBColor(90, 90, 90),
    RGBColor(214, 39, 40),
    RGBColor(31, 119, 180),
    RGBColor(44, 160, 44),
    RGBColor(255, 127, 14),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

/// A contender's ratios to the raw driver, by N (`None` for a one-size workload).
pub struct Series {
    /// The contender.
    pub contender: String,
    /// `(N, ratio)`.
    pub points: Vec<(Option<usize>, f64)>,
}

/// Draws `series` into `path`, titled `title`.
pub fn draw(path: &Path, title: &str, series: &[Series]) -> Result<(), String> {
    let sized = series
        .iter()
        .flat_map(|s| &s.points)
        .all(|(size, _)| size.is_some());
    let top = series
        .iter()
        .flat_map(|s| s.points.iter().map(|(_, r)| *r))
        .fold(1.0f64, f64::max)
        * 1.15;
    let root = SVGBackend::new(path, (720, 420)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    if sized {
        let max_n = series
            .iter()
            .flat_map(|s| s.points.iter().filter_map(|(n, _)| *n))
            .max()
            .unwrap_or(10) as f64;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d((0.8f64..max_n * 1.25).log_scale(), 0f64..top)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc("N (log scale)")
            .y_desc("time / raw driver's")
            .draw()
            .map_err(|e| e.to_string())?;
        for (i, s) in series.iter().enumerate() {
            let color = COLORS[i % COLORS.len()];
            let points: Vec<(f64, f64)> = s
                .points
                .iter()
                .filter_map(|(n, r)| n.map(|n| (n as f64, *r)))
                .collect();
            chart
                .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))
                .map_err(|e| e.to_string())?
                .label(s.contender.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], color));
            chart
                .draw_series(
                    points
                        .into_iter()
                        .map(|p| Circle::new(p, 3, color.filled())),
                )
                .map_err(|e| e.to_string())?;
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperLeft)
            .draw()
            .map_err(|e| e.to_string())?;
    } else {
        let names: Vec<&str> = series.iter().map(|s| s.contender.as_str()).collect();
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d((0..names.len()).into_segmented(), 0f64..top)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_label_formatter(&|x| match x {
                SegmentValue::CenterOf(i) => names.get(*i).copied().unwrap_or("").to_owned(),
                _ => String::new(),
            })
            .y_desc("time / raw driver's")
            .draw()
            .map_err(|e| e.to_string())?;
        for (i, s) in series.iter().enumerate() {
            let color = COLORS[i % COLORS.len()];
            let ratio = s.points.first().map(|(_, r)| *r).unwrap_or(0.0);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0.0),
                        (SegmentValue::Exact(i + 1), ratio),
                    ],
                    color.filled(),
                )))
                .map_err(|e| e.to_string())?;
        }
    }
    root.present().map_err(|e| e.to_string())?;
    Ok(())
}

/// The series of one backend's workload: each contender's medians divided by the raw
/// driver's at the same N. Contenders without a raw baseline at some N skip that N.
pub fn ratios(measurements: &[&Measurement], contenders: &[String]) -> Vec<Series> {
    contenders
        .iter()
        .map(|contender| {
            let points = measurements
                .iter()
                .filter(|m| &m.contender == contender)
                .filter_map(|m| {
                    let raw = measurements
                        .iter()
                        .find(|r| r.contender == "raw" && r.size == m.size)?;
                    Some((m.size, m.median_ns / raw.median_ns))
                })
                .collect();
            Series {
                contender: contender.clone(),
                points,
            }
        })
        .filter(|s| !s.points.is_empty())
        .collect()
}
