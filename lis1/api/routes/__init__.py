"""Route modules: each declares its routes with lis1.api.routing.route and calls one service."""
