using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary><c>/api/v1/sources</c>: the documents and datasets rows come from; a document links to its text
/// (<see cref="SourceDocumentsApi"/>).</summary>
public static class SourcesApi
{
    public static readonly DatasetResource<OpenData.Store.Source, SourceDto> Resource = new()
    {
        Dataset = SourceDto.Dataset,
        ExtraLinks = (s, links, list) => SourceDocuments.Find(s.Id) is null ? list : list.Path("document", links.Path("sources", s.Id, "document")),
    };
}
