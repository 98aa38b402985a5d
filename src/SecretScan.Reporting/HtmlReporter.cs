using System.Globalization;
using System.Net;
using System.Text;
using SecretScan.Core;

namespace SecretScan.Reporting;

/// <summary>
/// One self-contained HTML page (no external scripts, styles, fonts or images, so it opens from an artefact store or
/// an e-mail attachment and loads nothing from anywhere): a summary, a findings table that sorts by any column and
/// filters by severity, rule, provider and path, and each rule's rotation guide once. Rows are rendered here, not by
/// script, so the page is complete with scripts off; the script only sorts and hides rows. Filters can be given in the
/// address (<c>report.html#severity=critical&amp;path=src/</c>) so a link can point at a view.
/// Every text taken from the scan is HTML-encoded: paths, rule text and commit summaries are not trusted.
/// </summary>
public sealed class HtmlReporter : IReporter
{
    public void Write(ScanReport report, Stream output, ReportOptions options)
    {
        var redactor = Redactor.For(report);
        var html = new StringBuilder(16 * 1024);
        var findings = report.Findings;
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            // No network: a report is read where secrets were found; a CSP makes the page unable to fetch anything.
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>SecretScan report: ").Append(E(report.Target)).Append("</title><style>").Append(Css).Append("</style></head><body>\n");

        html.Append("<header><h1>SecretScan report</h1><p class=\"meta\">")
            .Append(E(report.Kind)).Append(" scan of <code>").Append(E(report.Target)).Append("</code> · secretscan ")
            .Append(E(options.ToolVersion)).Append("</p></header>\n");
        WriteSummary(html, report);

        html.Append("<section id=\"findings\"><h2>Findings</h2>\n<div class=\"filters\">");
        Select(html, "severity", "Severity", findings.Select(f => Word(f.Rule.Severity)).Distinct().OrderByDescending(SeverityRank));
        Select(html, "rule", "Rule", findings.Select(f => f.Rule.Id).Distinct().Order(StringComparer.Ordinal));
        Select(html, "provider", "Provider", findings.Select(f => f.Rule.Provider).Distinct().Order(StringComparer.Ordinal));
        html.Append("<label>Path <input id=\"f-path\" data-filter=\"path\" type=\"search\" placeholder=\"part of a path\"></label>")
            .Append("<span id=\"shown\" class=\"meta\"></span></div>\n");
        html.Append("<table id=\"table\"><thead><tr>");
        foreach (var (key, title) in Headers)
            html.Append("<th data-sort=\"").Append(key).Append("\" tabindex=\"0\">").Append(title).Append("</th>");
        html.Append("</tr></thead><tbody>\n");
        foreach (Finding f in findings) WriteRow(html, f, options, redactor);
        html.Append("</tbody></table>");
        if (findings.Length == 0) html.Append("<p class=\"none\">No secrets found.</p>");
        html.Append("</section>\n");

        WriteRotation(html, findings);
        WriteDiagnostics(html, report.Diagnostics);
        html.Append("<script>").Append(Script).Append("</script>\n</body></html>\n");

        byte[] bytes = Encoding.UTF8.GetBytes(html.ToString());
        output.Write(bytes);
    }

    private static readonly (string Key, string Title)[] Headers =
        [("severity", "Severity"), ("rule", "Rule"), ("provider", "Provider"), ("path", "Location"), ("secret", "Secret"), ("provenance", "Where from")];

    private static void WriteSummary(StringBuilder html, ScanReport report)
    {
        var s = report.Stats;
        html.Append("<section id=\"summary\"><h2>Summary</h2><ul class=\"cards\">");
        Card(html, "findings", report.Findings.Length.ToString(CultureInfo.InvariantCulture), "secrets found");
        foreach (Severity sev in Enum.GetValues<Severity>().Reverse())
        {
            int n = report.Findings.Count(f => f.Rule.Severity == sev);
            if (n > 0) Card(html, Word(sev), n.ToString(CultureInfo.InvariantCulture), Word(sev));
        }
        Card(html, "files", (s.Blobs > 0 ? s.Blobs : s.Files).ToString(CultureInfo.InvariantCulture), s.Blobs > 0 ? "file versions scanned" : "files scanned");
        if (s.Commits > 0) Card(html, "commits", s.Commits.ToString(CultureInfo.InvariantCulture), "commits");
        int suppressed = s.Suppressed.Values.Sum();
        Card(html, "suppressed", suppressed.ToString(CultureInfo.InvariantCulture), "held back by filters");
        html.Append("</ul>");
        if (suppressed > 0)
        {
            html.Append("<p class=\"meta\">Held back: ");
            html.AppendJoin(", ", s.Suppressed.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key)
                .Select(kv => E(ScanStats.StageName(kv.Key)) + " " + kv.Value.ToString(CultureInfo.InvariantCulture)));
            html.Append("</p>");
        }
        html.Append("</section>\n");
    }

    private static void Card(StringBuilder html, string id, string value, string label) =>
        html.Append("<li class=\"card ").Append(E(id)).Append("\" data-card=\"").Append(E(id)).Append("\"><b>").Append(value).Append("</b><span>").Append(E(label)).Append("</span></li>");

    private static void Select(StringBuilder html, string key, string title, IEnumerable<string> values)
    {
        html.Append("<label>").Append(title).Append(" <select id=\"f-").Append(key).Append("\" data-filter=\"").Append(key).Append("\"><option value=\"\">all</option>");
        foreach (string v in values) html.Append("<option>").Append(E(v)).Append("</option>");
        html.Append("</select></label>");
    }

    private static void WriteRow(StringBuilder html, Finding f, ReportOptions options, Redactor redactor)
    {
        string severity = Word(f.Rule.Severity);
        string location = $"{f.Location.Path}:{f.Location.StartLine}:{f.Location.StartColumn}";
        html.Append("<tr class=\"finding\" data-severity=\"").Append(severity)
            .Append("\" data-rank=\"").Append(SeverityRank(severity))
            .Append("\" data-rule=\"").Append(E(f.Rule.Id))
            .Append("\" data-provider=\"").Append(E(f.Rule.Provider))
            .Append("\" data-path=\"").Append(E(f.Location.Path))
            .Append("\" data-fingerprint=\"").Append(f.Fingerprint).Append("\">");
        html.Append("<td><span class=\"sev ").Append(severity).Append("\">").Append(severity).Append("</span></td>");
        html.Append("<td><a href=\"#rule-").Append(E(f.Rule.Id)).Append("\">").Append(E(f.Rule.Id)).Append("</a><div class=\"meta\">").Append(E(f.Rule.Name)).Append("</div></td>");
        html.Append("<td>").Append(E(f.Rule.Provider)).Append("</td>");
        html.Append("<td><code>").Append(E(location)).Append("</code></td>");
        html.Append("<td><code class=\"secret\">").Append(E(options.SecretText(f))).Append("</code><div class=\"meta\">").Append(f.Fingerprint).Append("</div></td>");
        html.Append("<td>");
        if (f.Provenance is CommitProvenance c)
        {
            html.Append("<code>").Append(E(c.Commit[..Math.Min(12, c.Commit.Length)])).Append("</code> ")
                .Append(E(c.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).Append(" · ")
                .Append(E(options.Reveal ? c.Author : redactor.Scrub(c.Author)));
            if (f.HistoryExposure is { } x) html.Append(" · ").Append(x.Pushed ? "<b>" + E(x.Age) + "</b>" : E(x.Age)).Append(x.AtHead ? " · still at HEAD" : "");
            else if (c.Pushed is bool pushed) html.Append(pushed ? " · <b>pushed</b>" : " · not pushed");
            html.Append("<div class=\"meta\">").Append(E(options.CommitSummary(c, redactor))).Append("</div>");
        }
        else html.Append(E(f.Provenance.Describe()));
        html.Append("</td></tr>\n");
    }

    private static void WriteRotation(StringBuilder html, IEnumerable<Finding> findings)
    {
        var rules = findings.GroupBy(f => f.Rule.Id, StringComparer.Ordinal).Select(g => (Rule: g.First().Rule, Count: g.Count())).ToList();
        if (rules.Count == 0) return;
        html.Append("<section id=\"rotation\"><h2>How to rotate</h2>\n");
        foreach (var (rule, count) in rules)
        {
            var guide = rule.Rotation;
            html.Append("<article class=\"guide\" id=\"rule-").Append(E(rule.Id)).Append("\"><h3>").Append(E(rule.Name))
                .Append(" <span class=\"meta\">").Append(E(rule.Id)).Append(" · ").Append(E(rule.Provider)).Append(" · ")
                .Append(count.ToString(CultureInfo.InvariantCulture)).Append(" finding(s)</span></h3>");
            html.Append("<p>Revoke or roll it at: <a rel=\"noreferrer\" href=\"").Append(E(guide.Url)).Append("\">").Append(E(guide.Url)).Append("</a></p><ol>");
            foreach (string step in guide.Steps) html.Append("<li>").Append(E(step)).Append("</li>");
            html.Append("</ol><h4>Then update every consumer of the key</h4><ul>");
            foreach (string u in guide.Update) html.Append("<li>").Append(E(u)).Append("</li>");
            html.Append("</ul>");
            if (guide.Check.Length > 0)
            {
                html.Append("<h4>Check afterwards</h4><ul>");
                foreach (string c in guide.Check) html.Append("<li>").Append(E(c)).Append("</li>");
                html.Append("</ul>");
            }
            html.Append("<p class=\"warn\">").Append(E(RotationGuide.HistoryWarning)).Append("</p></article>\n");
        }
        html.Append("</section>\n");
    }

    private static void WriteDiagnostics(StringBuilder html, IReadOnlyCollection<Diagnostic> diagnostics)
    {
        if (diagnostics.Count == 0) return;
        html.Append("<section id=\"diagnostics\"><h2>Diagnostics</h2><ul>");
        foreach (Diagnostic d in diagnostics) html.Append("<li><code>").Append(E(d.Code)).Append("</code> ").Append(E(d.ToString())).Append("</li>");
        html.Append("</ul></section>\n");
    }

    private static string Word(Severity s) => s.ToString().ToLowerInvariant();

    private static int SeverityRank(string word) => Enum.TryParse(word, true, out Severity s) ? (int)s : 0;

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:1rem 2rem;color:#1f2328;background:#fff}
        h1{margin:.2rem 0}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
        .meta{color:#59636e;font-size:12px}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;overflow-wrap:anywhere}
        .cards{display:flex;gap:.6rem;list-style:none;padding:0;flex-wrap:wrap}.card{border:1px solid #d0d7de;border-radius:6px;padding:.5rem .9rem;min-width:7rem}
        .card b{display:block;font-size:22px}.card.critical b{color:#a40e26}.card.high b{color:#bc4c00}
        .filters{display:flex;gap:1rem;flex-wrap:wrap;align-items:center;margin:.5rem 0}
        table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
        th{cursor:pointer;user-select:none;background:#f6f8fa}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
        .sev{border-radius:1em;padding:0 .55em;font-size:12px;color:#fff;background:#59636e}.sev.critical{background:#a40e26}.sev.high{background:#bc4c00}.sev.medium{background:#9a6700}
        .guide{border:1px solid #d0d7de;border-radius:6px;padding:0 1rem;margin:1rem 0}.warn{color:#9a6700}.none{color:#1a7f37;font-weight:600}
        """;

    // Sorting and filtering only; the rows are already in the page. Filters read from and write to the address hash.
    private const string Script = """
        (function(){
          var body=document.querySelector('#table tbody'),rows=Array.prototype.slice.call(body.rows);
          var filters=Array.prototype.slice.call(document.querySelectorAll('[data-filter]'));
          function apply(){
            var want={},shown=0,hash=[];
            filters.forEach(function(f){want[f.dataset.filter]=f.value.toLowerCase();if(f.value)hash.push(f.dataset.filter+'='+encodeURIComponent(f.value));});
            rows.forEach(function(r){
              var ok=Object.keys(want).every(function(k){var v=want[k];if(!v)return true;var d=(r.dataset[k]||'').toLowerCase();return k==='path'?d.indexOf(v)>=0:d===v;});
              r.hidden=!ok;if(ok)shown++;
            });
            document.getElementById('shown').textContent=shown+' of '+rows.length+' shown';
            try{history.replaceState(null,'',hash.length?'#'+hash.join('&'):location.pathname+location.search);}catch(e){}
          }
          location.hash.replace(/^#/,'').split('&').forEach(function(p){
            var kv=p.split('='),f=document.querySelector('[data-filter="'+kv[0]+'"]');if(f&&kv.length===2)f.value=decodeURIComponent(kv[1]);
          });
          filters.forEach(function(f){f.addEventListener('input',apply);f.addEventListener('change',apply);});
          document.querySelectorAll('th[data-sort]').forEach(function(th){
            function sort(){
              var key=th.dataset.sort,asc=th.getAttribute('aria-sort')!=='ascending';
              document.querySelectorAll('th').forEach(function(o){o.removeAttribute('aria-sort');});
              th.setAttribute('aria-sort',asc?'ascending':'descending');
              var val=function(r){return key==='severity'?Number(r.dataset.rank):(r.dataset[key]||r.cells[th.cellIndex].textContent).toLowerCase();};
              rows.sort(function(a,b){var x=val(a),y=val(b);return (x<y?-1:x>y?1:0)*(asc?1:-1);});
              rows.forEach(function(r){body.appendChild(r);});
            }
            th.addEventListener('click',sort);th.addEventListener('keydown',function(e){if(e.key==='Enter')sort();});
          });
          apply();
        })();
        """;
}
