using CMesh.Docker.Engine;
using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;
using Microsoft.Extensions.Logging;

namespace CMesh.Tests.Docker;

/// <summary>CMesh's engine client over Docker.DotNet, its requests going to a <see cref="FakeEngineHandler"/>.</summary>
internal static class FakeEngine
{
    public static DockerEngineClient Client(FakeEngineHandler engine) => new(Connection(engine, new Version(1, 41)));

    /// <summary>A null <paramref name="fixedApiVersion"/> makes the connection ask the fake engine for its version first.</summary>
    public static EngineConnection Connection(FakeEngineHandler engine, Version? fixedApiVersion) =>
        new("fake", fixedApiVersion, version => new DockerClientBuilder()
            .WithEndpoint(new Uri("http://fake/"))
            .WithApiVersion(version)
            .WithTimeout(Timeout.InfiniteTimeSpan)
            .WithTransportOptions(Transport.Instance, engine)
            .Build());

    private sealed class Transport : IDockerHandlerFactory<HttpMessageHandler>
    {
        public static readonly Transport Instance = new();

        public ResolvedTransport CreateHandler(HttpMessageHandler handler, ResolvedClientOptions clientOptions, ILogger logger) =>
            new(handler, clientOptions.Endpoint);

        public ResolvedTransport CreateHandler(ResolvedClientOptions clientOptions, ILogger logger) =>
            throw new NotSupportedException("the fake engine needs its handler");

        public Task<WriteClosableStream> HijackStreamAsync(HttpContent content) =>
            throw new NotSupportedException("the fake engine has no hijacked streams (exec)");
    }
}
