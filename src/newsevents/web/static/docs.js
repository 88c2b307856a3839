// Starts the vendored Swagger UI on this server's OpenAPI (a file, since the CSP allows no
// inline script).
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
});
