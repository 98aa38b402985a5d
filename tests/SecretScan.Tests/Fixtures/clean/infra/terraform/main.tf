terraform {
  required_version = ">= 1.6"
  backend "azurerm" {
    resource_group_name  = "tfstate"
    storage_account_name = "shoptfstate"
    container_name       = "state"
    key                  = "shop.prod.tfstate"
    use_azuread_auth     = true
  }
}

variable "db_password" {
  description = "Administrator password of the PostgreSQL server; set TF_VAR_db_password in the pipeline."
  type        = string
  sensitive   = true
}

resource "random_password" "redis" {
  length  = 32
  special = false
}

resource "azurerm_postgresql_flexible_server" "shop" {
  name                   = "shop-prod-pg"
  resource_group_name    = azurerm_resource_group.shop.name
  location               = azurerm_resource_group.shop.location
  administrator_login    = "shopadmin"
  administrator_password = var.db_password
  sku_name               = "GP_Standard_D2s_v3"
}

resource "azurerm_key_vault_secret" "redis_password" {
  name         = "redis-password"
  value        = random_password.redis.result
  key_vault_id = azurerm_key_vault.shop.id
}

output "redis_password" {
  value     = random_password.redis.result
  sensitive = true
}
