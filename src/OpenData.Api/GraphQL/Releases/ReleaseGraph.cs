using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.GraphQL.Types;
using OpenData.Query;

namespace OpenData.Api.GraphQL.Releases;

/// <summary>Data releases (imports), newest first, and every row each one changed.</summary>
public static class ReleaseGraph
{
    /// <summary>Before any relation is made: the changes' connections take dataset and change, as REST's filters.</summary>
    public static void Configure(DomainGraphs g)
    {
        var c = g.ReleaseChanges;
        c.ExtraConnectionArguments = field => field
            .Argument("dataset", ScalarType.String, "Only this dataset's rows (datapackage resource name, e.g. crime_figures); the same as where: { dataset: { eq: ... } }.")
            .Argument("change", ScalarType.String, "Only rows changed this way: added, removed or changed; the same as where: { change: { eq: ... } }.");
        c.DefaultCondition = ctx =>
        {
            var conditions = new List<FilterNode>();
            if (ctx.Arguments.GetValueOrDefault("dataset") is string dataset) conditions.Add(new ConditionFilter("dataset", FilterOperator.Eq, dataset) { Origin = "dataset" });
            if (ctx.Arguments.GetValueOrDefault("change") is string change) conditions.Add(new ConditionFilter("change", FilterOperator.Eq, change) { Origin = "change" });
            return conditions.Count == 0 ? null : new AndFilter(conditions);
        };
    }

    public static void Relate(DomainGraphs g) =>
        g.Releases.Children("changedRows", g.ReleaseChanges, "release_id",
            "Every row this release added, removed or changed since the release before it, in full (changes lists only the first 50 ids of each kind). Empty for a store's first release: every row was added, and its counts say so.");
}
