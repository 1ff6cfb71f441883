namespace CMesh.Docker.Engine;

/// <summary>
/// Runs a container that does one thing and exits (a probe): starts it, waits for its end, returns what it printed
/// on stdout, and removes it whatever happened.
/// </summary>
public static class OneShotContainer
{
    private static readonly TimeSpan RemoveLimit = TimeSpan.FromSeconds(30);

    /// <returns>Its stdout, one trimmed line each.</returns>
    /// <param name="clock">Times the limit on its removal.</param>
    public static async Task<IReadOnlyList<string>> RunAsync(IDockerEngine engine, ContainerSpec spec, TimeProvider clock, CancellationToken ct)
    {
        var id = await engine.Containers.CreateAsync(spec, ct);
        try
        {
            await engine.Containers.StartAsync(id, ct);
            await engine.Containers.WaitAsync(id, ct);
            var lines = new List<string>();
            await foreach (var line in engine.Containers.LogsAsync(id, new LogOptions(Follow: false), ct))
            {
                if (line.Stream == LogStream.StdOut)
                {
                    lines.Add(line.Text.Trim());
                }
            }

            return lines;
        }
        finally
        {
            using var limit = new CancellationTokenSource(RemoveLimit, clock);
            await engine.Containers.RemoveAsync(id, force: true, limit.Token);
        }
    }
}
