using System.Net.Http.Json;
using CMesh.Common.Contracts;

namespace CMesh.Common.Clocks;

/// <summary>Measures a node's clock against this process's through the node's GET /clock (any server that maps it).</summary>
public sealed class ClockClient(HttpClient http, TimeProvider clock, ClockSampling? sampling = null)
{
    private readonly ClockOffsetEstimator _estimator = new(clock, sampling);

    /// <param name="baseAddress">The node's server, e.g. http://10.2.0.5:7101/.</param>
    /// <exception cref="HttpRequestException">An exchange failed; the measurement is abandoned (the caller may retry).</exception>
    public Task<ClockEstimate> MeasureAsync(Uri baseAddress, CancellationToken ct)
    {
        var url = new Uri(baseAddress, ClockReading.Path);
        return _estimator.EstimateAsync(
            async token => await http.GetFromJsonAsync(url, CMeshJsonContext.Default.ClockReading, token)
                ?? throw new HttpRequestException($"{url} answered null"),
            ct);
    }
}
