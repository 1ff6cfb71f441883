using System.Text;
using System.Text.Json.Nodes;
using CMesh.Docker.Engine;
using CMesh.Docker.Swarm;

namespace CMesh.Tests.Swarm;

public sealed class DockerConfigLoginsTests : IDisposable
{
    private const string Host = "10.213.0.1:5043";

    private readonly string _config = Directory.CreateTempSubdirectory("cmesh-docker-config-").FullName;

    private static string Auth(string pair) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pair));

    [Fact]
    public async Task Without_a_config_file_or_an_entry_for_the_host_there_is_no_login()
    {
        Assert.Null(await FindAsync());

        Write(Auths("other:5000", new JsonObject { ["auth"] = Auth("a:b") }));

        Assert.Null(await FindAsync());
    }

    [Theory]
    [InlineData(Host)]
    [InlineData("https://" + Host)]
    public async Task An_auths_entry_gives_the_user_and_the_password_after_the_first_colon(string key)
    {
        Write(Auths(key, new JsonObject { ["auth"] = Auth("tester:pa:ss") }));

        Assert.Equal(new RegistryLogin(Host, "tester", "pa:ss"), await FindAsync());
    }

    [Fact]
    public async Task A_credential_helper_for_the_host_is_asked_with_the_host_on_its_input()
    {
        var helper = HelperOnPath("""printf '{"ServerURL":"%s","Username":"helped","Secret":"from-helper"}' "$(cat)" """);
        var config = Auths(Host, []);
        config["credHelpers"] = new JsonObject { [Host] = helper };
        Write(config);

        Assert.Equal(new RegistryLogin(Host, "helped", "from-helper"), await FindAsync());
    }

    [Fact]
    public async Task A_credential_store_that_holds_nothing_for_the_host_means_no_login_and_one_that_fails_is_named()
    {
        var empty = HelperOnPath("echo 'credentials not found in native keychain'; exit 1");
        Write(new JsonObject { ["credsStore"] = empty });
        Assert.Null(await FindAsync());

        var broken = HelperOnPath("echo 'keyring locked' >&2; exit 3");
        Write(new JsonObject { ["credsStore"] = broken });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(FindAsync);
        Assert.Equal($"docker-credential-{broken} get {Host} exited 3: keyring locked", error.Message);
    }

    [Fact]
    public async Task A_config_that_is_not_json_or_a_login_that_is_not_user_colon_password_is_an_error_naming_the_file()
    {
        File.WriteAllText(Path.Combine(_config, "config.json"), "{not json");
        Assert.Contains(Path.Combine(_config, "config.json"), (await Assert.ThrowsAsync<InvalidOperationException>(FindAsync)).Message);

        Write(Auths(Host, new JsonObject { ["auth"] = Auth("no-colon") }));
        Assert.Contains("is not base64 of USER:PASSWORD", (await Assert.ThrowsAsync<InvalidOperationException>(FindAsync)).Message);
    }

    [Fact]
    public void The_config_directory_is_docker_config_else_dot_docker_in_the_home()
    {
        Assert.Equal("/etc/cfg", DockerConfigLogins.ConfigDirectory("/etc/cfg", "/root"));
        Assert.Equal("/root/.docker", DockerConfigLogins.ConfigDirectory(null, "/root"));
    }

    public void Dispose() => Directory.Delete(_config, recursive: true);

    private Task<RegistryLogin?> FindAsync() => DockerConfigLogins.FindAsync(Host, _config, TimeProvider.System, CancellationToken.None);

    private static JsonObject Auths(string key, JsonObject entry) => new() { ["auths"] = new JsonObject { [key] = entry } };

    private void Write(JsonObject config) => File.WriteAllText(Path.Combine(_config, "config.json"), config.ToJsonString());

    /// <summary>A credential helper script, docker-credential-NAME in a folder put on this process's PATH; returns NAME.</summary>
    private string HelperOnPath(string script)
    {
        var name = $"cmesh-test-{Guid.NewGuid():N}";
        var bin = Path.Combine(_config, "bin");
        Directory.CreateDirectory(bin);
        var path = Path.Combine(bin, $"docker-credential-{name}");
        File.WriteAllText(path, $"#!/bin/sh\n[ \"$1\" = get ] || exit 9\n{script}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var current = Environment.GetEnvironmentVariable("PATH") ?? "";
        if (!current.Split(':').Contains(bin))
        {
            Environment.SetEnvironmentVariable("PATH", $"{bin}:{current}");
        }

        return name;
    }
}
