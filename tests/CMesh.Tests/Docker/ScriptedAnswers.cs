namespace CMesh.Tests.Docker;

/// <summary>Answers each HTTP request with the next of a script's answers (an answer may throw, as a failed request does).</summary>
internal sealed class ScriptedAnswers(Queue<Func<HttpResponseMessage>> answers) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(answers.Dequeue()());
}
