"""The drill room: a Textual UI a team runs a drill in around one screen.

Nothing outside this package imports it, and it holds no domain logic: the engine plays the world,
the widgets display its state and send typed actions. `launch` is the entry point for `drill play`
and `drill resume`.
"""
