"""The shopping cart (购物车): a cart per signed-in customer and one per guest, re-priced and re-checked on read."""
