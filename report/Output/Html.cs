using System.Net;
using System.Text;

namespace CMesh.Report.Output;

/// <summary>Small helpers for writing HTML by hand: every text goes through <see cref="Text"/>.</summary>
internal static class Html
{
    public static string Text(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Table(string id, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, Func<IReadOnlyList<string>, string>? rowClass = null)
    {
        var html = new StringBuilder($"<table id=\"{id}\"><thead><tr>");
        foreach (var column in header)
        {
            html.Append($"<th>{Text(column)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append(rowClass is null ? "<tr>" : $"<tr class=\"{rowClass(row)}\">");
            foreach (var cell in row)
            {
                html.Append($"<td>{Text(cell)}</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }
}
