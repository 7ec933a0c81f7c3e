using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.GraphQL.Types;

namespace OpenData.Api.GraphQL.OffenceCategories;

/// <summary>Offence categories: the scheme hierarchies (major → minor) and the MPS → police.uk mapping, both ways.</summary>
public static class OffenceCategoryGraph
{
    public static void Relate(DomainGraphs g)
    {
        var c = g.OffenceCategories;
        c.Reference("parent", g.OffenceCategories, "parent_id", "The broader category of the same scheme (an MPS minor category's major category), or null.");
        c.Children("children", g.OffenceCategories, "parent_id", "The narrower categories of the same scheme (an MPS major category's minor categories).");
        c.Reference("policeUk", g.OffenceCategories, "police_uk_id", "The police.uk category an MPS minor category maps to, or null.");
        c.Children("mpsCategories", g.OffenceCategories, "police_uk_id", "For a police.uk category: the MPS minor categories (of every MPS scheme) mapped to it.");
        c.Reference("source", g.Sources, "source_id", "The source that defines the category.");
        c.Children("crimeFigures", g.CrimeFigures, "category_id", "Crime figures published for this category (current figures unless includeSuperseded or a where on isCurrent).");
        c.Children("targets", g.Targets, "category_id", "Targets about this category.");
        c.Children("priorities", g.Priorities, "category_id", "Priorities about this category.");
    }

    public static void AddQueryFields(ObjectType query, DomainGraphs g) =>
        RootFields.Add(query, g.OffenceCategories, "offenceCategories", "offenceCategory", "key", "The category's id as published (e.g. police-uk-burglary).");
}
