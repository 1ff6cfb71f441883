using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CMesh.Tests.Docker;

/// <summary>
/// A request the fake engine received: the API version its path asked for (null: none), the rest of the path and the
/// query, unescaped, and the registry login it carried (X-Registry-Auth, decoded JSON; null: none).
/// </summary>
internal sealed record RecordedRequest(
    HttpMethod Method, string? ApiVersion, string Path, IReadOnlyDictionary<string, string> Query, string? Body, string? ContentType, JsonElement? RegistryAuth = null)
{
    public JsonElement Json => JsonDocument.Parse(Body ?? "null").RootElement;
}

/// <summary>Stands in for the engine: records every request and answers with whatever the test's responder returns.</summary>
internal sealed partial class FakeEngineHandler(Func<RecordedRequest, HttpResponseMessage> respond) : HttpMessageHandler
{
    public List<RecordedRequest> Requests { get; } = [];

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Status(HttpStatusCode status) => new(status) { Content = new StringContent("") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var query = uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => Uri.UnescapeDataString(kv.Length > 1 ? kv[1] : ""));
        var path = VersionedPath().Match(Uri.UnescapeDataString(uri.AbsolutePath));
        var recorded = new RecordedRequest(
            request.Method,
            path.Groups["version"].Success ? path.Groups["version"].Value : null,
            "/" + path.Groups["path"].Value,
            query,
            request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken),
            request.Content?.Headers.ContentType?.MediaType,
            request.Headers.TryGetValues("X-Registry-Auth", out var auth) ? DecodeAuth(auth.Single()) : null);
        // Some callers send several requests at once (the teardown's pauses).
        lock (Requests)
        {
            Requests.Add(recorded);
        }

        return respond(recorded);
    }

    /// <summary>The header is base64url of the login's JSON.</summary>
    private static JsonElement DecodeAuth(string header)
    {
        var base64 = header.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        return JsonDocument.Parse(Convert.FromBase64String(base64)).RootElement.Clone();
    }

    [GeneratedRegex("^/(v(?<version>[0-9.]+)/)?(?<path>.*)$")]
    private static partial Regex VersionedPath();
}
