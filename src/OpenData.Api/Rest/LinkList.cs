namespace OpenData.Api.Rest;

/// <summary>The links of one row, built fluently; links whose key is empty are left out.</summary>
public sealed class LinkList(RestLinks links) : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _items = [];

    /// <summary>A record of a dataset, e.g. <c>Item("area", "areas", code)</c>.</summary>
    public LinkList Item(string rel, string dataset, string? key)
    {
        if (!string.IsNullOrEmpty(key)) _items.Add(new(rel, links.Item(dataset, key)));
        return this;
    }

    /// <summary>A collection filtered by one or more parameters, e.g. the crime figures of an area.</summary>
    public LinkList Collection(string rel, string dataset, params (string Name, string Value)[] query)
    {
        _items.Add(new(rel, links.Collection(dataset, query)));
        return this;
    }

    public LinkList Path(string rel, string href)
    {
        _items.Add(new(rel, href));
        return this;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
