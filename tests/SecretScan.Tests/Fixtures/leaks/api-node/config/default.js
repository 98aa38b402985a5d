module.exports = {
  port: 8080,
  mongoUri: "mongodb+srv://shop-api:Sc!GXEuAsZGGEZ7O@cluster0.q8xzk.mongodb.net/shop?retryWrites=true&w=majority",
  githubToken: "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",
  logLevel: "info",
};
