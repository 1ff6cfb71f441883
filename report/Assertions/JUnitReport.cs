using System.Xml.Linq;
using CMesh.Report.Analysis;

namespace CMesh.Report.Assertions;

/// <summary>
/// The assertions as a JUnit XML test suite, the format CI systems show as test results. What limits the figures
/// (a saturated host, figures this run's files cannot give) is a suite property and a line on its system-err.
/// </summary>
public static class JUnitReport
{
    public static XDocument Build(RunFigures figures, IReadOnlyList<AssertionResult> results)
    {
        var runId = figures.Run.RunId;
        var failures = results.Count(r => !r.Passed);
        var warnings = new List<string>();
        if (figures.Saturation.SaturatedSeconds > 0)
        {
            warnings.Add(figures.Saturation.Warning);
        }

        warnings.AddRange(figures.NotDerivable.Select(n => $"not derivable from this run's files: {n}"));
        return new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XAttribute("name", "cmesh report"), new XAttribute("tests", results.Count), new XAttribute("failures", failures),
                new XElement("testsuite",
                    new XAttribute("name", $"cmesh report {runId}"), new XAttribute("tests", results.Count),
                    new XAttribute("failures", failures), new XAttribute("errors", 0), new XAttribute("skipped", 0),
                    new XElement("properties",
                        new XElement("property", new XAttribute("name", "host-saturated-seconds"), new XAttribute("value", figures.Saturation.SaturatedSeconds)),
                        new XElement("property", new XAttribute("name", "measured-seconds"), new XAttribute("value", figures.Window.Seconds))),
                    results.Select(r => new XElement("testcase",
                        new XAttribute("classname", r.Scenario.Length > 0 ? $"scenario.{r.Scenario}" : "scenario"),
                        new XAttribute("name", r.Name),
                        new XElement("system-out", $"measured: {r.Measured}"),
                        r.Passed ? null : new XElement("failure", new XAttribute("message", $"{r.Name}: measured {r.Measured}"), $"measured {r.Measured}"))),
                    warnings.Count == 0 ? null : new XElement("system-err", string.Join("\n", warnings)))));
    }
}
