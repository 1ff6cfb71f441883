using CMesh.Docker.Engine;

namespace CMesh.Tests.Docker;

public class EngineSettingsTests
{
    [Fact]
    public void Without_docker_variables_the_default_socket_is_used_at_the_engines_own_API_version_without_TLS()
    {
        var settings = EngineSettings.From(Variables());

        Assert.Equal(DockerEndpoint.DefaultHost, settings.Endpoint.Display);
        Assert.Null(settings.ApiVersion);
        Assert.Null(settings.Tls);
    }

    [Theory]
    [InlineData("1.41")]
    [InlineData("v1.41")]
    public void DOCKER_API_VERSION_fixes_the_API_version(string value)
    {
        Assert.Equal(new Version(1, 41), EngineSettings.From(Variables(("DOCKER_API_VERSION", value))).ApiVersion);
    }

    [Fact]
    public void An_unreadable_DOCKER_API_VERSION_is_rejected_with_a_clear_message()
    {
        var error = Assert.Throws<ArgumentException>(() => EngineSettings.From(Variables(("DOCKER_API_VERSION", "latest"))));

        Assert.Contains("unsupported DOCKER_API_VERSION 'latest'", error.Message);
    }

    [Fact]
    public void DOCKER_TLS_VERIFY_turns_on_TLS_with_the_certificates_of_DOCKER_CERT_PATH_and_a_checked_server()
    {
        var settings = EngineSettings.From(Variables(
            ("DOCKER_HOST", "tcp://127.0.0.1:2376"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", "/certs")));

        Assert.Equal(new DockerTls("/certs", VerifyServer: true), settings.Tls);
        Assert.Equal("tcp://127.0.0.1:2376", settings.Endpoint.Display);
    }

    [Fact]
    public void DOCKER_TLS_alone_turns_on_TLS_without_checking_the_server_and_certificates_default_to_the_home_folder()
    {
        var tls = EngineSettings.From(Variables(("DOCKER_TLS", "1"))).Tls;

        Assert.NotNull(tls);
        Assert.False(tls.VerifyServer);
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker"), tls.CertificateDirectory);
    }

    private static Func<string, string?> Variables(params (string Name, string Value)[] set) =>
        name => set.FirstOrDefault(v => v.Name == name).Value;
}
