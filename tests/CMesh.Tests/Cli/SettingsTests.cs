using CMesh.Cli;
using CMesh.Cli.Input;
using CMesh.Cli.Running;
using CMesh.Cli.Settings;
using CMesh.Common.Contracts;
using CMesh.Docker.Images;

namespace CMesh.Tests.Cli;

public sealed class SettingsTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("cmesh-home-").FullName;

    [Fact]
    public void A_dot_env_file_skips_comments_and_unquotes_values()
    {
        var values = DotEnvFile.Parse(["# comment", "", "A=1", "B = \"two words\"", "C='x'", "EMPTY="], "test");

        Assert.Equal("1", values["A"]);
        Assert.Equal("two words", values["B"]);
        Assert.Equal("x", values["C"]);
        Assert.Equal("", values["EMPTY"]);
    }

    [Fact]
    public void A_line_without_equals_names_the_file_and_line()
    {
        var error = Assert.Throws<UsageException>(() => DotEnvFile.Parse(["A=1", "oops"], ".env"));

        Assert.Equal(".env:2: expected KEY=VALUE", error.Message);
    }

    [Fact]
    public void Settings_come_from_dot_env_with_the_documented_defaults_for_the_rest()
    {
        File.WriteAllText(Path.Combine(_home, ".env"), "CMESH_DEGREE=3\nCMESH_RESULTS_DIR=out\n");

        var settings = CliSettings.Load(_home);

        Assert.Equal(3, settings.Plan.Degree);
        Assert.Equal(6, settings.Plan.MaxDegree);
        Assert.Equal(Path.Combine(_home, "out"), settings.ResultsRoot);
        Assert.Equal(1000, settings.Plan.WriteIntervalMs);
        Assert.Null(settings.BaseImage.ConfiguredImage);
        Assert.Equal(PublishMode.NativeAot, settings.PeerPublish);
    }

    [Fact]
    public void The_peer_can_be_published_ready_to_run_to_compare_and_nothing_else()
    {
        File.WriteAllText(Path.Combine(_home, ".env"), "CMESH_PEER_PUBLISH=r2r\n");
        Assert.Equal(PublishMode.ReadyToRun, CliSettings.Load(_home).PeerPublish);

        File.WriteAllText(Path.Combine(_home, ".env"), "CMESH_PEER_PUBLISH=jit\n");
        Assert.StartsWith("CMESH_PEER_PUBLISH=jit", Assert.Throws<UsageException>(() => CliSettings.Load(_home)).Message);
    }

    [Fact]
    public void Peers_flood_unless_CMESH_GOSSIP_asks_for_lazy_push()
    {
        Assert.Equal(GossipMode.Flood, CliSettings.Load(_home).Plan.Gossip);

        File.WriteAllText(Path.Combine(_home, ".env"), "CMESH_GOSSIP=lazy\n");

        Assert.Equal(GossipMode.Lazy, CliSettings.Load(_home).Plan.Gossip);
    }

    [Theory]
    [InlineData("10.213.0.1:5000", "10.213.0.1:5000")]
    [InlineData("registry.example/team/", "registry.example/team")]
    public void A_registry_for_swarm_images_is_taken_without_a_trailing_slash(string configured, string expected)
    {
        Assert.Null(CliSettings.Load(_home).Registry);

        File.WriteAllText(Path.Combine(_home, ".env"), $"CMESH_REGISTRY={configured}\n");

        Assert.Equal(expected, CliSettings.Load(_home).Registry);
    }

    [Fact]
    public void A_registry_written_as_a_url_is_a_usage_error_saying_the_form()
    {
        File.WriteAllText(Path.Combine(_home, ".env"), "CMESH_REGISTRY=https://reg:5000\n");

        var error = Assert.Throws<UsageException>(() => CliSettings.Load(_home));

        Assert.Equal("CMESH_REGISTRY=https://reg:5000: expected HOST[:PORT][/PATH], as in registry.example:5000 (no scheme, no image name)", error.Message);
    }

    [Fact]
    public void An_unknown_gossip_is_a_usage_error_naming_the_choices()
    {
        File.WriteAllText(Path.Combine(_home, ".env"), "CMESH_GOSSIP=rumour\n");

        var error = Assert.Throws<UsageException>(() => CliSettings.Load(_home));

        Assert.Equal("CMESH_GOSSIP=rumour: expected flood or lazy", error.Message);
    }

    [Fact]
    public void A_setting_out_of_range_is_a_usage_error_naming_it()
    {
        File.WriteAllText(Path.Combine(_home, ".env"), "CMESH_MAX_PEERS=lots\n");

        var error = Assert.Throws<UsageException>(() => CliSettings.Load(_home));

        Assert.StartsWith("CMESH_MAX_PEERS=lots", error.Message);
    }

    [Fact]
    public void A_write_interval_of_up_to_a_minute_is_taken_and_a_longer_one_refused_naming_the_range()
    {
        File.WriteAllText(Path.Combine(_home, ".env"), "CMESH_WRITE_INTERVAL_MS=60000\n");
        Assert.Equal(60_000, CliSettings.Load(_home).Plan.WriteIntervalMs);

        File.WriteAllText(Path.Combine(_home, ".env"), "CMESH_WRITE_INTERVAL_MS=60001\n");
        var error = Assert.Throws<UsageException>(() => CliSettings.Load(_home));

        Assert.Equal("CMESH_WRITE_INTERVAL_MS=60001: expected a whole number from 1 to 60000", error.Message);
    }

    [Fact]
    public void Secrets_become_file_names_without_the_prefix()
    {
        File.WriteAllText(Path.Combine(_home, ".secret.env"), "CMESH_SWARM_KEY=s3cret\nAPI_TOKEN=t\n");

        var secrets = CliSettings.Load(_home).LoadSecrets();

        Assert.Equal("s3cret", secrets["swarm_key"]);
        Assert.Equal("t", secrets["api_token"]);
    }

    [Theory]
    [InlineData("90", 90_000)]
    [InlineData("90s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1m30s", 90_000)]
    public void Durations_read_as_users_type_them(string text, int milliseconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("5 s")]
    [InlineData("5x")]
    [InlineData("")]
    public void Anything_else_is_not_a_duration(string text)
    {
        Assert.False(DurationText.TryParse(text, out _));
    }

    [Fact]
    public void An_existing_results_folder_is_never_reused()
    {
        Directory.CreateDirectory(Path.Combine(_home, "results", "taken"));

        Assert.Throws<UsageException>(() => ResultsFolder.Prepare(Path.Combine(_home, "results"), "taken"));
        Assert.Equal(Path.Combine(_home, "results", "free"), ResultsFolder.Prepare(Path.Combine(_home, "results"), "free"));
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
