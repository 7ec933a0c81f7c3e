using System.Collections;
using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Execution;

/// <summary>Coercion of variable values and field/directive arguments (spec 6.1.2 and 6.4.1), with graphql-js messages.</summary>
public static class ValueCoercion
{
    private const int MaxVariableErrors = 50;

    private sealed class TooManyErrors : Exception;

    /// <summary>
    /// Coerces the request's variable values for an operation. Returns the coerced values, or the errors
    /// (request errors: the operation must not run).
    /// </summary>
    public static IReadOnlyDictionary<string, object?> CoerceVariableValues(GraphQLSchema schema, OperationDefinitionNode operation,
        IReadOnlyDictionary<string, object?>? inputs, out List<GraphQLError> errors)
    {
        var coerced = new Dictionary<string, object?>(StringComparer.Ordinal);
        var errorList = new List<GraphQLError>();
        errors = errorList;
        void OnError(GraphQLError error)
        {
            if (errorList.Count >= MaxVariableErrors)
            {
                errorList.Add(new GraphQLError("Too many errors processing variables, error limit reached. Execution aborted."));
                throw new TooManyErrors();
            }
            errorList.Add(error);
        }
        try
        {
            foreach (var varDef in operation.VariableDefinitions)
            {
                var varName = varDef.Variable.Name.Value;
                var varType = ValueHelpers.TypeFromAst(schema, varDef.Type);
                if (varType is null || !varType.IsInputType())
                {
                    OnError(new GraphQLError($"Variable \"${varName}\" expected value of type \"{Printer.Print(varDef.Type)}\" which cannot be used as an input type.", varDef.Type));
                    continue;
                }
                if (inputs is null || !inputs.TryGetValue(varName, out var value))
                {
                    if (varDef.DefaultValue is not null)
                    {
                        if (ValueHelpers.TryValueFromAst(varDef.DefaultValue, varType, null, out var dv)) coerced[varName] = dv;
                    }
                    else if (varType is NonNullType)
                    {
                        OnError(new GraphQLError($"Variable \"${varName}\" of required type \"{varType}\" was not provided.", varDef));
                    }
                    continue;
                }
                if (value is null && varType is NonNullType)
                {
                    OnError(new GraphQLError($"Variable \"${varName}\" of non-null type \"{varType}\" must not be null.", varDef));
                    continue;
                }
                coerced[varName] = CoerceInputValue(value, varType, (path, invalid, message) =>
                {
                    var prefix = $"Variable \"${varName}\" got invalid value {ValueInspector.Inspect(invalid)}";
                    if (path.Count > 0) prefix += $" at \"{varName}{PrintPath(path)}\"";
                    OnError(new GraphQLError(prefix + "; " + message, varDef));
                });
            }
        }
        catch (TooManyErrors)
        {
        }
        return coerced;
    }

    private static string PrintPath(List<object> path)
        => string.Concat(path.Select(k => k is int i ? $"[{i}]" : "." + k));

    /// <summary>Reports a coercion problem: path inside the value, the offending value, and the message.</summary>
    public delegate void InputErrorHandler(List<object> path, object? invalidValue, string message);

    /// <summary>
    /// Coerces an external input value (plain CLR value from JSON) to <paramref name="type"/> (graphql-js
    /// coerceInputValue). Problems are reported through <paramref name="onError"/>.
    /// </summary>
    public static object? CoerceInputValue(object? inputValue, GraphQLType type, InputErrorHandler onError)
        => Coerce(inputValue, type, onError, []);

    private static object? Coerce(object? inputValue, GraphQLType type, InputErrorHandler onError, List<object> path)
    {
        if (type is NonNullType nn)
        {
            if (inputValue is not null) return Coerce(inputValue, nn.OfType, onError, path);
            onError([.. path], inputValue, $"Expected non-nullable type \"{type}\" not to be null.");
            return null;
        }
        if (inputValue is null) return null;
        switch (type)
        {
            case ListType list:
            {
                if (inputValue is IEnumerable items and not string && !IsObjectLike(inputValue))
                {
                    var result = new List<object?>();
                    int index = 0;
                    foreach (var item in items)
                    {
                        path.Add(index);
                        result.Add(Coerce(item, list.OfType, onError, path));
                        path.RemoveAt(path.Count - 1);
                        index++;
                    }
                    return result;
                }
                return new List<object?> { Coerce(inputValue, list.OfType, onError, path) };
            }
            case InputObjectType io:
            {
                if (!TryAsObject(inputValue, out var obj))
                {
                    onError([.. path], inputValue, $"Expected type \"{io.Name}\" to be an object.");
                    return null;
                }
                var coerced = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var field in io.FieldList)
                {
                    if (!obj.TryGetValue(field.Name, out var fieldValue))
                    {
                        if (field.HasDefaultValue) coerced[field.Name] = field.DefaultValue;
                        else if (field.Type is NonNullType)
                            onError([.. path], inputValue, $"Field \"{field.Name}\" of required type \"{field.Type}\" was not provided.");
                        continue;
                    }
                    path.Add(field.Name);
                    coerced[field.Name] = Coerce(fieldValue, field.Type, onError, path);
                    path.RemoveAt(path.Count - 1);
                }
                foreach (var key in obj.Keys)
                {
                    if (io.GetField(key) is null)
                    {
                        var suggestions = Suggestions.SuggestionList(key, io.Fields.Keys);
                        onError([.. path], inputValue, $"Field \"{key}\" is not defined by type \"{io.Name}\"." + Suggestions.DidYouMean(suggestions));
                    }
                }
                if (io.IsOneOf)
                {
                    if (coerced.Count != 1)
                    {
                        onError([.. path], inputValue, $"Exactly one key must be specified for OneOf type \"{io.Name}\".");
                    }
                    if (coerced.Count > 0)
                    {
                        var (key, value) = coerced.First();
                        if (value is null) onError([.. path, key], value, $"Field \"{key}\" must be non-null.");
                    }
                }
                return ValueHelpers.InWrittenOrder(coerced, obj.Keys);
            }
            case EnumType e:
                try
                {
                    return e.ParseValue(inputValue);
                }
                catch (GraphQLException ex)
                {
                    onError([.. path], inputValue, ex.Message);
                    return null;
                }
            case ScalarType s:
                try
                {
                    return s.ParseValue(inputValue) ?? throw new GraphQLException($"Expected type \"{s.Name}\".");
                }
                catch (GraphQLException ex)
                {
                    onError([.. path], inputValue, ex.Message);
                    return null;
                }
                catch (Exception ex)
                {
                    onError([.. path], inputValue, $"Expected type \"{s.Name}\". {ex.Message}");
                    return null;
                }
            default:
                onError([.. path], inputValue, $"Unexpected input type \"{type}\".");
                return null;
        }
    }

    private static bool IsObjectLike(object value) => value is IDictionary || value is IReadOnlyDictionary<string, object?> || value is IDictionary<string, object?>;

    private static bool TryAsObject(object value, out IReadOnlyDictionary<string, object?> obj)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> ro:
                obj = ro;
                return true;
            case IDictionary<string, object?> d:
                obj = d.ToDictionary(StringComparer.Ordinal);
                return true;
            case IDictionary nd:
                obj = nd.Keys.Cast<object>().ToDictionary(k => k.ToString()!, k => nd[k], StringComparer.Ordinal);
                return true;
            default:
                obj = null!;
                return false;
        }
    }

    private static readonly IReadOnlyDictionary<string, object?> Empty = new Dictionary<string, object?>();

    /// <summary>
    /// Coerces the arguments of a field or directive (graphql-js coerceArgumentValues). Throws
    /// <see cref="GraphQLException"/> (with the location of the offending node) when an argument is invalid.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> CoerceArgumentValues(IReadOnlyList<ArgumentDefinition> definitions,
        IReadOnlyList<ArgumentNode> argumentNodes, Node node, IReadOnlyDictionary<string, object?> variables)
    {
        if (definitions.Count == 0) return Empty;
        var coerced = new Dictionary<string, object?>(definitions.Count, StringComparer.Ordinal);
        foreach (var def in definitions)
        {
            var name = def.Name;
            var argType = def.Type;
            ArgumentNode? argNode = null;
            foreach (var a in argumentNodes)
            {
                if (a.Name.Value == name)
                {
                    argNode = a;
                    break;
                }
            }
            if (argNode is null)
            {
                if (def.HasDefaultValue) coerced[name] = def.DefaultValue;
                else if (argType is NonNullType)
                    throw new GraphQLException(new GraphQLError($"Argument \"{name}\" of required type \"{argType}\" was not provided.", node));
                continue;
            }
            var valueNode = argNode.Value;
            bool isNull = valueNode is NullValueNode;
            if (valueNode is VariableNode variable)
            {
                var variableName = variable.Name.Value;
                if (!variables.TryGetValue(variableName, out var variableValue))
                {
                    if (def.HasDefaultValue) coerced[name] = def.DefaultValue;
                    else if (argType is NonNullType)
                        throw new GraphQLException(new GraphQLError(
                            $"Argument \"{name}\" of required type \"{argType}\" was provided the variable \"${variableName}\" which was not provided a runtime value.", valueNode));
                    continue;
                }
                isNull = variableValue is null;
            }
            if (isNull && argType is NonNullType)
            {
                throw new GraphQLException(new GraphQLError($"Argument \"{name}\" of non-null type \"{argType}\" must not be null.", valueNode));
            }
            if (!ValueHelpers.TryValueFromAst(valueNode, argType, variables, out var value))
            {
                throw new GraphQLException(new GraphQLError($"Argument \"{name}\" has invalid value {Printer.Print(valueNode)}.", valueNode));
            }
            coerced[name] = value;
        }
        return coerced;
    }
}
