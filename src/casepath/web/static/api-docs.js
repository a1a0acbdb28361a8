/* casepath: the interactive API documentation (Swagger UI, vendored in static/swagger-ui/),
 * started from a file of our own because the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  function start() {
    var root = document.getElementById("swagger-ui");
    if (!root || !window.SwaggerUIBundle) return;
    window.SwaggerUIBundle({
      url: root.dataset.specUrl,
      domNode: root,
      deepLinking: false,  // a link inside the summary button would nest interactive controls
      tryItOutEnabled: true,
      supportedSubmitMethods: ["get", "post"],
      validatorUrl: null,
      defaultModelsExpandDepth: 0,
      docExpansion: "list"
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
