namespace CMesh.Report.Plots;

/// <summary>Every chart of the report, in the order the HTML report shows them.</summary>
public static class PlotCatalog
{
    public static IReadOnlyList<IPlot> All { get; } =
    [
        new LatencyOverTimePlot(),
        new LatencyCdfPlot(),
        ResyncPlot.ByFault(),
        ResyncPlot.ByPeer(),
        HeatmapPlot.Latency(),
        new AvailabilityPlot(),
        HeatmapPlot.Freshness(),
        new BandwidthPlot(),
        TimeHeatmapPlot.LinkBandwidth(),
        new ResyncBytesPlot(),
        TimeHeatmapPlot.OpenLinks(),
    ];
}
