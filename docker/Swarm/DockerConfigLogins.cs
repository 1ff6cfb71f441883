using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CMesh.Docker.Engine;

namespace CMesh.Docker.Swarm;

/// <summary>
/// The login `docker login HOST` stored for a registry, read as the docker CLI reads it from its config.json
/// (DOCKER_CONFIG, else ~/.docker): the registry's credential helper (credHelpers), else its auths entry, else the
/// default credential store (credsStore). A helper is asked as docker asks it: `docker-credential-NAME get`, the
/// host on its input.
/// </summary>
public static class DockerConfigLogins
{
    private static readonly TimeSpan HelperLimit = TimeSpan.FromSeconds(30);

    /// <returns>Null when no login is stored for the host.</returns>
    /// <exception cref="InvalidOperationException">The config file or a credential helper cannot be read; the message says which.</exception>
    /// <param name="clock">Times the limit on a credential helper's answer.</param>
    public static async Task<RegistryLogin?> FindAsync(string host, string configDirectory, TimeProvider clock, CancellationToken ct)
    {
        var path = Path.Combine(configDirectory, "config.json");
        if (!File.Exists(path))
        {
            return null;
        }

        JsonElement config;
        try
        {
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(path, ct));
            config = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{path} is not valid JSON ({e.Message}): the login for {host} cannot be read");
        }

        if (Text(config, "credHelpers", host) is { } helper)
        {
            return await FromHelperAsync(helper, host, clock, ct);
        }

        if (Entry(config, host) is { } entry)
        {
            return FromEntry(entry, host, path);
        }

        return Text(config, "credsStore") is { } store ? await FromHelperAsync(store, host, clock, ct) : null;
    }

    /// <summary>The config directory the docker CLI would use.</summary>
    public static string ConfigDirectory(string? dockerConfig, string home) =>
        string.IsNullOrEmpty(dockerConfig) ? Path.Combine(home, ".docker") : dockerConfig;

    /// <summary>auths is keyed by host, or by a URL of it (older CLIs wrote https://HOST).</summary>
    private static JsonElement? Entry(JsonElement config, string host)
    {
        if (!config.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var key in new[] { host, $"https://{host}", $"http://{host}", $"https://{host}/v1/", $"https://{host}/v2/" })
        {
            if (auths.TryGetProperty(key, out var entry) && entry.ValueKind == JsonValueKind.Object)
            {
                return entry;
            }
        }

        return null;
    }

    private static RegistryLogin? FromEntry(JsonElement entry, string host, string path)
    {
        if (Text(entry, "auth") is { } auth)
        {
            string pair;
            try
            {
                pair = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{path}: the login for {host} is not base64 of USER:PASSWORD");
            }

            var colon = pair.IndexOf(':');
            return colon > 0
                ? new RegistryLogin(host, pair[..colon], pair[(colon + 1)..])
                : throw new InvalidOperationException($"{path}: the login for {host} is not base64 of USER:PASSWORD");
        }

        return Text(entry, "username") is { } user && Text(entry, "password") is { } password ? new RegistryLogin(host, user, password) : null;
    }

    private static async Task<RegistryLogin?> FromHelperAsync(string helper, string host, TimeProvider clock, CancellationToken ct)
    {
        var program = $"docker-credential-{helper}";
        using var helperLimit = new CancellationTokenSource(HelperLimit, clock);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct, helperLimit.Token);
        using var process = new Process
        {
            StartInfo = new ProcessStartInfo(program, "get") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true },
        };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"the docker config names credential helper {helper} for {host}, but {program} is not on the PATH");
        }

        try
        {
            await process.StandardInput.WriteAsync(host);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The helper ended without reading the host; its exit code and output say why.
        }

        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var error = process.StandardError.ReadToEndAsync(limit.Token);
        await process.WaitForExitAsync(limit.Token);
        if (process.ExitCode != 0)
        {
            // The helpers' own words for "nothing stored for this host".
            return (await output + await error).Contains("credentials not found", StringComparison.OrdinalIgnoreCase)
                ? null
                : throw new InvalidOperationException($"{program} get {host} exited {process.ExitCode}: {(await error).Trim()}");
        }

        using var answer = JsonDocument.Parse(await output);
        return Text(answer.RootElement, "Username") is { } user && Text(answer.RootElement, "Secret") is { } secret
            ? new RegistryLogin(host, user, secret)
            : throw new InvalidOperationException($"{program} get {host} gave no Username and Secret");
    }

    private static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } text ? text : null;
    }
}
