"""The room's widgets: they display what they are given and post typed messages up."""
