using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.X509;

namespace CMesh.Docker.Engine;

/// <summary>
/// TLS to a tcp:// engine, read as the docker CLI reads it: on when DOCKER_TLS_VERIFY or DOCKER_TLS is set, with ca.pem,
/// cert.pem and key.pem from DOCKER_CERT_PATH (default ~/.docker); the server is checked against ca.pem only with DOCKER_TLS_VERIFY.
/// </summary>
public sealed record DockerTls(string CertificateDirectory, bool VerifyServer)
{
    /// <summary>Null when the environment asks for no TLS.</summary>
    public static DockerTls? From(Func<string, string?> variable)
    {
        var verify = !string.IsNullOrEmpty(variable("DOCKER_TLS_VERIFY"));
        if (!verify && string.IsNullOrEmpty(variable("DOCKER_TLS")))
            return null;
        var directory = variable("DOCKER_CERT_PATH") is { Length: > 0 } path
            ? path
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        return new DockerTls(directory, verify);
    }

    /// <summary>The client certificate (when cert.pem and key.pem exist) and the server check.</summary>
    public IAuthProvider Credentials()
    {
        var cert = Path.Combine(CertificateDirectory, "cert.pem");
        var key = Path.Combine(CertificateDirectory, "key.pem");
        var clientCertificate = File.Exists(cert) && File.Exists(key) ? DockerTlsCertificates.LoadCertificateFromPemFiles(cert, key) : null;
        return new CertificateCredentials(clientCertificate)
        {
            ServerCertificateValidationCallback = VerifyServer
                ? DockerTlsCertificates.CreateCertificateAuthorityValidationCallback(
                    DockerTlsCertificates.LoadCertificateAuthorityFromPemFile(Path.Combine(CertificateDirectory, "ca.pem")))
                : (_, _, _, _) => true,
        };
    }
}
