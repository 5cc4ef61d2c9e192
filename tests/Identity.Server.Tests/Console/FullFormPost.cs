using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Identity.Server.Tests.Console;

/// <summary>
/// Posts a page's first form in <c>main</c> the way a browser does: checkboxes and radios only when checked, selects and
/// textareas with their values, repeated names kept in order; <paramref name="values"/> replaces a field's value (an
/// empty value unchecks a checkbox; for a radio group it picks the radio) or adds it. Redirects are followed.
/// </summary>
public static class FullFormPost
{
    public static async Task<PageResult> SubmitFullAsync(this BrowserSession browser, PageResult page,
        IReadOnlyDictionary<string, string>? values = null, (string Name, string Value)? button = null)
    {
        values ??= new Dictionary<string, string>();
        var form = page.Document.QuerySelector<IHtmlFormElement>("main form") ?? throw new InvalidOperationException($"No form on {page.Url}");
        var fields = new List<KeyValuePair<string, string>>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
        {
            var name = element.GetAttribute("name")!;
            var overridden = values.TryGetValue(name, out var value);
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" } box:
                    if (overridden ? value!.Length > 0 : box.IsChecked)
                    {
                        fields.Add(new(name, box.Value));
                    }
                    break;
                case IHtmlInputElement { Type: "radio" } radio:
                    if (overridden ? radio.Value == value : radio.IsChecked)
                    {
                        fields.Add(new(name, radio.Value));
                    }
                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, overridden && used.Add(name) ? value! : input.Value));
                    break;
                case IHtmlSelectElement select:
                    fields.Add(new(name, overridden ? value! : select.Value ?? ""));
                    break;
                case IHtmlTextAreaElement area:
                    fields.Add(new(name, overridden ? value! : area.Value));
                    break;
            }
            used.Add(name);
        }
        fields.AddRange(values.Where(v => !used.Contains(v.Key)));
        if (button is { } pressed)
        {
            fields.Add(new(pressed.Name, pressed.Value));
        }

        var action = form.GetAttribute("action") is { Length: > 0 } target ? new Uri(page.Url, target) : page.Url;
        using var response = await browser.PostRawAsync(action, fields);
        if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
        {
            return await browser.GoAsync((location.IsAbsoluteUri ? location : new Uri(action, location)).PathAndQuery);
        }
        var html = await response.Content.ReadAsStringAsync();
        return new PageResult(action, response.StatusCode, html, new HtmlParser().ParseDocument(html), null, response);
    }

    public static bool IsOk(this PageResult page) => page.Status == HttpStatusCode.OK;
}
