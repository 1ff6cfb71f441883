namespace CMesh.EndToEnd.Tests;

/// <summary>
/// The host programs the tests run, each with the Debian package that brings it (docker/setup-host.sh installs them
/// all), so that a missing one fails the test by naming what to install.
/// </summary>
public static class HostTools
{
    private static readonly Dictionary<string, string> Packages = new(StringComparer.Ordinal)
    {
        ["nft"] = "nftables",
        ["tc"] = "iproute2",
        ["ip"] = "iproute2",
        ["ping"] = "iputils-ping",
        ["iperf3"] = "iperf3",
        ["nsenter"] = "util-linux",
        ["unshare"] = "util-linux",
        ["promtool"] = "prometheus",
        ["chromium"] = "chromium",
        ["docker"] = "docker.io",
        ["dockerd"] = "docker.io",
        ["iptables"] = "iptables",
    };

    /// <summary>Fails the test, naming the package, when a program the tests know is not on the PATH.</summary>
    public static void Require(string program)
    {
        if (Packages.TryGetValue(program, out var package) && !OnPath(program))
        {
            Assert.Fail($"{program} is not installed on this host: install the Debian package {package} (./docker/setup-host.sh installs every tool the tests run)");
        }
    }

    /// <summary>The first of these programs that is not on the PATH, with its package, as a reason to skip; null when all are.</summary>
    public static string? Missing(params string[] programs) =>
        programs.Where(p => !OnPath(p)).Select(p => $"{p} is not installed on this host (Debian package {Packages.GetValueOrDefault(p, p)}; ./docker/setup-host.sh installs it)").FirstOrDefault();

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));
}
