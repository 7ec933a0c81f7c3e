using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary><c>/api/v1/actions</c>: partnership actions (search, <c>q</c>, is every searchable dataset's: see
/// <see cref="DatasetResource{TEntity,TDto}.Extras"/>).</summary>
public static class ActionsApi
{
    public static readonly DatasetResource<OpenData.Store.PartnershipAction, ActionDto> Resource = new()
    {
        Dataset = ActionDto.Dataset,
    };
}
