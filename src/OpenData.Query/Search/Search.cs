using System.Linq.Expressions;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OpenData.Store;

namespace OpenData.Query;

/// <summary>
/// Full-text search as a filter: the rows of the dataset whose searchable text matches <see cref="Text"/>, as the
/// client wrote it. The query engine turns it into a lookup in the store's full-text index
/// (<see cref="SearchIndex"/>), never a scan of the dataset's table. Only at the top of a filter (alone or as an
/// operand of the outermost AND): search narrows the rows, it is not a condition to OR or negate.
/// </summary>
public sealed record SearchFilter(string Text) : FilterNode
{
    /// <summary>Where the client wrote it (<c>q</c>, <c>search</c>), for error messages.</summary>
    public string Origin { get; init; } = "q";
}

/// <summary>
/// What search reads: which fields of a dataset are searchable, and how the client's words become an index
/// query. The rule for fields is the registry's, and the import applies the same rule to datapackage.json when
/// it builds the index: a free-text string (type string, no closed set), neither the key nor a foreign key.
/// </summary>
public static class SearchIndex
{
    /// <summary>The SQLite full-text table the import builds: one row per dataset row with searchable text.</summary>
    public const string Table = "search_index";

    /// <summary>The searchable fields of a dataset (empty: the dataset has no <c>q</c>).</summary>
    public static IReadOnlyList<FieldInfo> Fields(IDataset dataset) => dataset.Fields
        .Where(f => f.Type == FieldType.String && f.AllowedValues is null && f != dataset.Key
            && !DatasetCatalog.ReferencesFrom(dataset).Any(r => r.Field == f)
            && DataPackage.Current.FindResource(dataset.ResourceName)?.FindField(f.Name) is not null)
        .ToList();

    public static bool IsSearchable(IDataset dataset) => Fields(dataset).Count > 0;

    /// <summary>
    /// The index query for the client's text, in the store's syntax: FTS5's MATCH (SQLite) or to_tsquery's
    /// (PostgreSQL). The text is cut into words (letters and digits; everything else, either syntax included,
    /// separates words), so no client text is ever read as syntax: FTS5 gets each word quoted, to_tsquery gets
    /// words that hold no operator. Runs of words that name a synonym group (<see cref="SearchSynonyms"/>) become
    /// an OR of the group's phrases; the parts are ANDed. Stemming is the index's (FTS5's porter, PostgreSQL's
    /// english). Throws <see cref="FormatException"/> for text without a word.
    /// </summary>
    public static string MatchExpression(string text, bool postgres = false)
    {
        var words = Words(text);
        if (words.Count == 0) throw new FormatException("q has no word to search for (letters or digits).");
        var parts = new List<string>();
        for (var i = 0; i < words.Count;)
        {
            var (group, length) = SearchSynonyms.Longest(words, i);
            if (group is null)
            {
                parts.Add(postgres ? words[i] : Quote(words[i]));
                i++;
            }
            else
            {
                parts.Add(postgres
                    ? "(" + string.Join(" | ", group.Select(p => string.Join(" <-> ", p))) + ")"
                    : "(" + string.Join(" OR ", group.Select(p => Quote(string.Join(' ', p)))) + ")");
                i += length;
            }
        }
        return string.Join(postgres ? " & " : " AND ", parts);
    }

    /// <summary>True when the context reads PostgreSQL (its full-text index is a tsvector, not FTS5).</summary>
    internal static bool IsPostgres(OpenDataDbContext db) => db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>Lower-case words: runs of letters and digits.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0) words.Add(current.ToString());
        return words;
    }

    // Words hold only letters and digits, so a double quote cannot occur; quoting makes each one a string, never
    // an operator (AND, OR, NOT, NEAR) or a column filter.
    private static string Quote(string phrase) => "\"" + phrase + "\"";

    /// <summary>The keys of the dataset's rows that match the client's text, as a query to compose (an IN subquery
    /// of the page's SQL): SQLite's FTS5 table, or PostgreSQL's tsvector column with its GIN index.</summary>
    internal static IQueryable<string> MatchingKeys(OpenDataDbContext db, IDataset dataset, string text)
    {
        if (IsPostgres(db))
        {
            return db.Database.SqlQuery<string>(
                $"SELECT row_id AS \"Value\" FROM search_index WHERE document @@ to_tsquery('english', {MatchExpression(text, postgres: true)}) AND dataset = {dataset.ResourceName}");
        }
        return db.Database.SqlQuery<string>($"SELECT row_id AS \"Value\" FROM search_index WHERE search_index MATCH {MatchExpression(text)} AND dataset = {dataset.ResourceName}");
    }

    /// <summary>Rows whose key is among <paramref name="keys"/>.</summary>
    internal static IQueryable<TEntity> Within<TEntity>(IQueryable<TEntity> rows, IDataset dataset, IQueryable<string> keys)
    {
        var accessor = dataset.Key.Accessor;
        Expression<Func<string, bool>> contains = key => keys.Contains(key);
        var body = new Replace(contains.Parameters[0], accessor.Body).Visit(contains.Body);
        return rows.Where(Expression.Lambda<Func<TEntity, bool>>(body, accessor.Parameters[0]));
    }

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
