using System.Text.RegularExpressions;
using CMesh.Chaos.Assertions;
using CMesh.Chaos.Faults;
using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Targets;
using CMesh.Chaos.Values;
using CMesh.Common.Contracts;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CMesh.Chaos.Yaml;

/// <summary>
/// Reads one scenario file into the model. It reads on past a bad step or field so that one pass reports every
/// error, each as <c>file:line: field: problem</c>; the name in the file must be the file's name.
/// </summary>
public static partial class ScenarioReader
{
    private static readonly string[] TopFields = ["name", "description", "workload", "steps", "assertions"];
    private static readonly string[] StepFields = ["at", "duration", "repeat", "targets", "fault"];
    private static readonly string[] RepeatFields = ["every", "times"];
    private static readonly string[] WorkloadFields = ["write-interval", "payload", "gossip", "min-peers"];

    /// <param name="file">The path errors name (scenarios/loss-20pct.yaml); its name without .yaml is the scenario's.</param>
    /// <exception cref="ScenarioFileException">The file is not a valid scenario; every error found is listed.</exception>
    public static Scenario Read(string yaml, string file)
    {
        var errors = new List<ScenarioError>();
        var root = Root(yaml, file);
        errors.AddRange(root.UnknownFields(TopFields));

        var name = Collect(errors, () => root.Get("name", text => text == Path.GetFileNameWithoutExtension(file)
            ? text
            : throw new FormatException($"'{text}' does not match the file name {Path.GetFileName(file)}")));
        var description = Collect(errors, () => root.Get("description", text => text));
        var workload = Collect(errors, () => root.SectionOrNull("workload") is { } section ? ReadWorkload(section, errors) : null);
        var steps = root.Items("steps").Select(item => Collect(errors, () => ReadStep(YamlSection.Of(item.Item, item.Item, item.Path, file), errors))).ToList();
        var assertions = root.Items("assertions")
            .Select(item => Collect(errors, () => YamlSection.Scalar(item.Item, item.Path, file, ScenarioAssertion.Parse)))
            .ToList();

        var scenario = errors.Count == 0
            ? Collect(errors, () => root.Build(() => new Scenario(name!, description!, steps.OfType<ScenarioStep>().ToList(), workload, assertions.OfType<ScenarioAssertion>().ToList())))
            : null;
        return scenario ?? throw new ScenarioFileException(errors.OrderBy(e => e.Line).ToList());
    }

    private static YamlSection Root(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ScenarioFileException([new ScenarioError(file, (int)e.Start.Line, "", MarkPrefix().Replace(e.Message, ""))]);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way, without a position, when the file ends inside a flow [ or {.
            throw new ScenarioFileException([new ScenarioError(file, yaml.TrimEnd().Split('\n').Length, "", "the file ends before a [ or { is closed")]);
        }

        return stream.Documents.FirstOrDefault()?.RootNode is YamlMappingNode root
            ? new YamlSection(root, root, "", file)
            : throw new ScenarioFileException([new ScenarioError(file, 1, "", "expected a scenario: name, description, steps and so on, one per line")]);
    }

    private static ScenarioStep ReadStep(YamlSection step, List<ScenarioError> errors)
    {
        errors.AddRange(step.UnknownFields(StepFields));
        var fault = ReadFault(step.Section("fault"), errors);
        var repeat = step.SectionOrNull("repeat");
        if (repeat is not null)
        {
            errors.AddRange(repeat.UnknownFields(RepeatFields));
        }

        return step.Build(() => new ScenarioStep(
            step.Get("at", ScenarioValues.Duration),
            step.Get<TimeSpan?>("duration", text => ScenarioValues.Duration(text), null),
            fault,
            step.Get("targets", TargetSelector.Parse, ScenarioStep.DefaultTargets(fault)),
            repeat is null ? null : new StepRepeat(repeat.Get("every", ScenarioValues.Duration), repeat.Get("times", ScenarioValues.Whole))));
    }

    /// <summary>Reads a step's <c>fault:</c> mapping: its kind picks the fields allowed, their defaults and the record made.</summary>
    private static FaultSpec ReadFault(YamlSection fault, List<ScenarioError> errors)
    {
        var kind = fault.Get("kind", FaultKinds.Parse);
        errors.AddRange(fault.UnknownFields(["kind", .. kind.Fields]));
        return fault.Build(() => kind.Read(fault));
    }

    private static WorkloadOverrides ReadWorkload(YamlSection workload, List<ScenarioError> errors)
    {
        errors.AddRange(workload.UnknownFields(WorkloadFields));
        return workload.Build(() => new WorkloadOverrides(
            workload.Get<TimeSpan?>("write-interval", text => ScenarioValues.Duration(text), null),
            workload.Get<int?>("payload", text => ScenarioValues.Whole(text), null),
            workload.Get<GossipMode?>("gossip", text => KebabName.Parse<GossipMode>(text, "gossip mode"), null),
            workload.Get<int?>("min-peers", text => ScenarioValues.Whole(text), null)));
    }

    /// <summary>Runs one part of the reading; its error, if any, joins the others and the part reads as null.</summary>
    private static T? Collect<T>(List<ScenarioError> errors, Func<T> read) where T : class?
    {
        try
        {
            return read();
        }
        catch (ScenarioErrorException e)
        {
            errors.Add(e.Error);
            return null;
        }
    }

    /// <summary>YamlDotNet puts the position before its message; the error line names it already.</summary>
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
