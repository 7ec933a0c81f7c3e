// Starts GraphiQL against the endpoint named in the page (kept out of the HTML so a strict
// Content-Security-Policy without 'unsafe-inline' still works).
(function () {
  var container = document.getElementById('graphiql');
  var endpoint = container.getAttribute('data-endpoint');
  // Empty: GraphiQL's own welcome text.
  var defaultQuery = container.getAttribute('data-default-query') || undefined;
  var fetcher = GraphiQL.createFetcher({
    url: new URL(endpoint, window.location.href).toString(),
    headers: { Accept: 'application/graphql-response+json, application/json' }
  });
  ReactDOM.createRoot(container).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: defaultQuery, defaultEditorToolsVisibility: true })
  );
})();
