using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CMesh.Docker.Engine;

/// <summary>Sends requests to the engine and turns its failures into <see cref="EngineUnavailableException"/> or <see cref="DockerEngineException"/>.</summary>
internal sealed class DockerTransport(HttpClient http, string endpoint)
{
    // The engine's JSON is PascalCase with a few camelCase fields (events, build output); Go decodes case-insensitively too.
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static HttpContent JsonBody(object body) =>
        new StringContent(JsonSerializer.Serialize(body, body.GetType(), Json), Encoding.UTF8, "application/json");

    /// <summary>Returns a successful (or tolerated) response for the caller to dispose; throws for any other status.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, HttpContent? body, HttpCompletionOption completion, CancellationToken ct,
        params HttpStatusCode[] tolerated)
    {
        // Not disposed: that would dispose the content, and with it a stream the caller owns.
        var request = new HttpRequestMessage(method, path) { Content = body };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException e)
        {
            throw new EngineUnavailableException(endpoint, e);
        }
        if (response.IsSuccessStatusCode || tolerated.Contains(response.StatusCode))
            return response;
        using (response)
            throw new DockerEngineException((int)response.StatusCode, await ErrorMessageAsync(response, ct));
    }

    public async Task SendAsync(HttpMethod method, string path, CancellationToken ct, params HttpStatusCode[] tolerated)
    {
        using var _ = await SendAsync(method, path, null, HttpCompletionOption.ResponseContentRead, ct, tolerated);
    }

    public async Task<T> SendJsonAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var response = await SendAsync(
            method, path, body is null ? null : JsonBody(body), HttpCompletionOption.ResponseContentRead, ct);
        return await ReadJsonAsync<T>(response, ct);
    }

    public Task<T> GetJsonAsync<T>(string path, CancellationToken ct) => SendJsonAsync<T>(HttpMethod.Get, path, null, ct);

    /// <summary>Null when the engine answers 404.</summary>
    public async Task<T?> GetJsonOrNullAsync<T>(string path, CancellationToken ct) where T : class
    {
        using var response = await SendAsync(
            HttpMethod.Get, path, null, HttpCompletionOption.ResponseContentRead, ct, HttpStatusCode.NotFound);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadJsonAsync<T>(response, ct);
    }

    /// <summary>Reads a streamed response holding one JSON object per line.</summary>
    public async IAsyncEnumerable<T> JsonLinesAsync<T>(
        HttpMethod method, string path, HttpContent? body, [EnumeratorCancellation] CancellationToken ct)
    {
        using var response = await SendAsync(method, path, body, HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
                yield return JsonSerializer.Deserialize<T>(line, Json)!;
        }
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await JsonSerializer.DeserializeAsync<T>(stream, Json, ct)
            ?? throw new DockerEngineException((int)response.StatusCode, "the engine answered with an empty body");
    }

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            if (JsonSerializer.Deserialize<ErrorDto>(text, Json)?.Message is { Length: > 0 } message)
                return message;
        }
        catch (JsonException)
        {
            // Not the engine's JSON error shape (e.g. a proxy's page): fall back to the raw text.
        }
        return text.Trim() is { Length: > 0 } raw ? raw : $"{(int)response.StatusCode} {response.ReasonPhrase}";
    }
}
