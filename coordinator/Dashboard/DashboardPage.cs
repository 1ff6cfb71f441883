namespace CMesh.Coordinator.Dashboard;

/// <summary>
/// GET / and GET /dashboard: the live dashboard, one self-contained HTML file (inline CSS and JavaScript, nothing
/// fetched from elsewhere) embedded in the coordinator. It reads /v1/mesh, /v1/chaos, /v1/peers/{id}/state, /state
/// and /events from the coordinator that served it.
/// </summary>
public static class DashboardPage
{
    private const string ResourceName = "CMesh.Coordinator.Dashboard.dashboard.html";

    private static readonly Lazy<byte[]> Html = new(() =>
    {
        using var resource = typeof(DashboardPage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the coordinator was built without its {ResourceName} resource");
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    });

    public static void Map(WebApplication app)
    {
        foreach (var path in new[] { "/", "/dashboard" })
        {
            app.MapGet(path, (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "no-cache";
                return Results.Bytes(Html.Value, "text/html; charset=utf-8");
            });
        }
    }
}
