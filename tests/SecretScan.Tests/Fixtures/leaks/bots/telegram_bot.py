from telegram.ext import Application

BOT_TOKEN = "5318372429:AASQg12URm3M1oF4FfeV3qBiLI_sAXJnTOQ"

app = Application.builder().token(BOT_TOKEN).build()
app.run_polling()
