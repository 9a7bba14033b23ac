"""The app's screens: setup, room, the action forms (typed modal screens), help and debrief."""
