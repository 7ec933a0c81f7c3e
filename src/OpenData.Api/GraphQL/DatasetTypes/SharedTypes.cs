using OpenData.Api.GraphQL.Scalars;
using OpenData.GraphQL.Types;
using OpenData.Query;

namespace OpenData.Api.GraphQL.DatasetTypes;

/// <summary>
/// Types every dataset shares, named and worded as HotChocolate names them (PageInfo, SortEnumType,
/// StringOperationFilterInput, ...), so a client written against a HotChocolate server reads this schema the same way.
/// </summary>
public sealed class SharedTypes
{
    /// <param name="paging">The page sizes connections take, as the descriptions of first and last state them.</param>
    public SharedTypes(QueryOptions paging)
    {
        Paging = paging;
        PageInfo = new ObjectType("PageInfo", "Information about pagination in a connection.")
            .Field("hasNextPage", ScalarType.Boolean.NonNull(), description: "Indicates whether more edges exist following the set defined by the clients arguments.")
            .Field("hasPreviousPage", ScalarType.Boolean.NonNull(), description: "Indicates whether more edges exist prior the set defined by the clients arguments.")
            .Field("startCursor", ScalarType.String, description: "When paginating backwards, the cursor to continue.")
            .Field("endCursor", ScalarType.String, description: "When paginating forwards, the cursor to continue.");

        FacetValue = new ObjectType("FacetValue", "A value of a field and the number of items of the connection that hold it.")
            .Field("value", ScalarType.String, description: "The value as text, as REST writes it in a filter (true/false for a boolean); null counts the items where the field is empty.")
            .Field("count", ScalarType.Int.NonNull(), description: "Items of the connection with this value.");
        Facet = new ObjectType("Facet", "The values of one field among the items of a connection (its `where` applied), most frequent first.")
            .Field("values", FacetValue.NonNull().ListOf().NonNull(), description: "Most frequent first, ties in value order; at most Query:MaxFacetValues (default 50).")
            .Field("truncated", ScalarType.Boolean.NonNull(), description: "True when the field has more values than listed.");

        SortEnum = new EnumType("SortEnumType", "The direction of a sort key.");
        SortEnum.AddValue(new EnumValueDefinition("ASC", "ASC", "Ascending: smallest, earliest or A first; nulls first."));
        SortEnum.AddValue(new EnumValueDefinition("DESC", "DESC", "Descending: largest, latest or Z first; nulls last."));

        StringFilter = OperationFilter("StringOperationFilterInput", ScalarType.String, "Conditions on a text field. Several conditions in one object must all hold. `eq: null` matches empty values, `neq: null` values that are present; null in any other operation is an error. contains, startsWith and endsWith ignore case.", text: true);
        IntFilter = OperationFilter("IntOperationFilterInput", ScalarType.Int, "Conditions on a whole-number field. Several conditions in one object must all hold. `eq: null` matches empty values, `neq: null` values that are present; null in any other operation is an error.");
        FloatFilter = OperationFilter("FloatOperationFilterInput", ScalarType.Float, "Conditions on a decimal-number field. Several conditions in one object must all hold. `eq: null` matches empty values, `neq: null` values that are present; null in any other operation is an error.");
        BooleanFilter = OperationFilter("BooleanOperationFilterInput", ScalarType.Boolean, "Conditions on a true/false field. `eq: null` matches empty values, `neq: null` values that are present; null in any other operation is an error.", ordered: false);
        LocalDateFilter = OperationFilter("LocalDateOperationFilterInput", Scalars.Scalars.LocalDate, "Conditions on a date field (YYYY-MM-DD). Several conditions in one object must all hold. `eq: null` matches empty values, `neq: null` values that are present; null in any other operation is an error.");
    }

    public QueryOptions Paging { get; }
    public ObjectType PageInfo { get; }
    public ObjectType Facet { get; }
    public ObjectType FacetValue { get; }
    public EnumType SortEnum { get; }
    public InputObjectType StringFilter { get; }
    public InputObjectType IntFilter { get; }
    public InputObjectType FloatFilter { get; }
    public InputObjectType BooleanFilter { get; }
    public InputObjectType LocalDateFilter { get; }

    /// <summary>The operation filter input for a field type; null for types that are never filtered on.</summary>
    public InputObjectType? FilterFor(FieldType type) => type switch
    {
        FieldType.String => StringFilter,
        FieldType.Integer => IntFilter,
        FieldType.Number => FloatFilter,
        FieldType.Boolean => BooleanFilter,
        FieldType.Date => LocalDateFilter,
        _ => null,
    };

    /// <summary>The GraphQL type of a dataset field's values.</summary>
    public static ScalarType ScalarFor(FieldType type) => type switch
    {
        FieldType.String => ScalarType.String,
        FieldType.Integer => ScalarType.Int,
        FieldType.Number => ScalarType.Float,
        FieldType.Boolean => ScalarType.Boolean,
        FieldType.Date => Scalars.Scalars.LocalDate,
        FieldType.DateTime => Scalars.Scalars.DateTime,
        _ => Scalars.Scalars.Json,
    };

    private static InputObjectType OperationFilter(string name, ScalarType scalar, string description, bool text = false, bool ordered = true)
    {
        var input = new InputObjectType(name, description);
        if (text)
        {
            input.Field("and", input.NonNull().ListOf(), "All of these conditions hold.");
            input.Field("or", input.NonNull().ListOf(), "At least one of these conditions holds.");
        }
        input.Field("eq", scalar, "Equal to the value (null: the field is empty).");
        input.Field("neq", scalar, "Not equal to the value (null: the field is not empty). Rows where the field is empty match a non-null value.");
        if (text)
        {
            input.Field("contains", scalar, "Contains the text, ignoring case.");
            input.Field("ncontains", scalar, "Does not contain the text, ignoring case (empty values match).");
        }
        if (ordered || text)
        {
            input.Field("in", scalar.ListOf(), "Equal to one of the values.");
            input.Field("nin", scalar.ListOf(), "Equal to none of the values.");
        }
        if (text)
        {
            input.Field("startsWith", scalar, "Starts with the text, ignoring case.");
            input.Field("nstartsWith", scalar, "Does not start with the text, ignoring case (empty values match).");
            input.Field("endsWith", scalar, "Ends with the text, ignoring case.");
            input.Field("nendsWith", scalar, "Does not end with the text, ignoring case (empty values match).");
        }
        else if (ordered)
        {
            input.Field("gt", scalar, "Greater than the value.");
            input.Field("ngt", scalar, "Not greater than the value (empty values match).");
            input.Field("gte", scalar, "Greater than or equal to the value.");
            input.Field("ngte", scalar, "Not greater than or equal to the value (empty values match).");
            input.Field("lt", scalar, "Less than the value.");
            input.Field("nlt", scalar, "Not less than the value (empty values match).");
            input.Field("lte", scalar, "Less than or equal to the value.");
            input.Field("nlte", scalar, "Not less than or equal to the value (empty values match).");
        }
        return input;
    }
}
