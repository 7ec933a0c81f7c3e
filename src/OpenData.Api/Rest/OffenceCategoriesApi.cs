using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary><c>/api/v1/offence-categories</c>: the category schemes (document, MPS, police.uk) and their mapping.</summary>
public static class OffenceCategoriesApi
{
    public static readonly DatasetResource<OpenData.Store.OffenceCategory, OffenceCategoryDto> Resource = new()
    {
        Dataset = OffenceCategoryDto.Dataset,
        ListName = "ListOffenceCategories",
        ItemName = "GetOffenceCategory",
        Noun = "offence category",
        About = "Offence and ASB categories in every labelling scheme: document categories (doc-), the MPS major and minor categories of three labelling eras (mps-legacy, mps-title-case, mps-upper-case) and the police.uk categories. Each MPS minor category maps to a police.uk category (police_uk_id), which gives one legend across years.",
        KeyExample = "police-uk-burglary",
        FilterExample = ("scheme", "police-uk"),
        LinkFields = ["parent_id", "police_uk_id", "source_id"],
        Links = (c, links) => new LinkList(links)
            .Item("self", "offence-categories", c.Id)
            .Item("parent", "offence-categories", c.ParentId)
            .Item("police_uk", "offence-categories", c.PoliceUkId)
            .Collection("children", "offence-categories", ("parent_id", c.Id))
            .Collection("crime_figures", "crime-figures", ("category_id", c.Id))
            .Item("source", "sources", c.SourceId),
    };

    public static RouteGroupBuilder MapOffenceCategories(this RouteGroupBuilder group) => group.MapDataset(Resource);
}
